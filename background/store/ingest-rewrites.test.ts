import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { freshStore, MINUTE, NOW, textMessages } from './test-helpers';

describe('ingest of a batch seen before', () => {
  it('rewrites no message or thread row that did not change, and returns the rows as stored', async () => {
    const store = await freshStore();
    const account = await store.upsertAccount({ channel: 'whatsapp', hostAccountId: 'shop' });
    const thread = { hostThreadId: '5511987654321@c.us' };
    const batch = textMessages('m', 5, NOW - 10 * MINUTE);
    const first = await store.ingestMessages(account.id, thread, batch);
    const messagePuts = vi.spyOn(store.db.messages, 'bulkPut');
    const threadPuts = vi.spyOn(store.db.threads, 'put');

    const again = await store.ingestMessages(account.id, thread, batch);
    expect(again).toMatchObject({ added: 0, duplicates: 5 });
    expect(messagePuts).not.toHaveBeenCalled();
    expect(threadPuts).not.toHaveBeenCalled();
    expect(again.rows).toEqual(first.rows);
    expect(again.thread).toEqual(await store.db.threads.get(first.threadId));

    // Text that loaded later is written, and only that row.
    const edited = batch.map((m, i) => (i === 2 ? { ...m, text: 'now with text' } : m));
    const third = await store.ingestMessages(account.id, thread, edited);
    expect(messagePuts).toHaveBeenCalledTimes(1);
    expect(messagePuts.mock.calls[0]?.[0]).toHaveLength(1);
    expect(third.rows).toEqual(await store.db.messages.bulkGet(third.rows.map((row) => row.id)));
  });
});
