import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { freshStore, MINUTE, NOW, textMessages, tickingStore } from './test-helpers';

const ACCOUNT = { channel: 'whatsapp' as const, hostAccountId: 'shop' };
const THREAD = { hostThreadId: '5511987654321@c.us', title: 'Ana' };
const OPTIONS = {
  displayName: 'Ana',
  identities: [{ kind: 'wa_jid' as const, value: THREAD.hostThreadId }],
  source: 'captured' as const,
};

describe('Store.capture', () => {
  it('stores the first batch of a thread as account + resolution + ingest, the next ones alike', async () => {
    const store = await freshStore();
    const first = await store.capture(ACCOUNT, THREAD, OPTIONS, textMessages('a', 3, NOW - 10 * MINUTE));
    expect(first.resolved.createdCustomer).toBe(true);
    expect(first.ingested).toMatchObject({ added: 3, customerId: first.resolved.customerId });

    const transactions = vi.spyOn(store.db, 'transaction');
    const next = await store.capture(ACCOUNT, THREAD, OPTIONS, textMessages('b', 2, NOW - 5 * MINUTE));
    expect(next.resolved).toMatchObject({ customerId: first.resolved.customerId, createdCustomer: false });
    expect(next.ingested).toMatchObject({ added: 2, customerId: first.resolved.customerId });
    // One transaction, over the tables an ingest writes: not the notes, tags or outbox.
    expect(transactions).toHaveBeenCalledTimes(1);
    const scope = (transactions.mock.calls[0]![1] as unknown as Array<{ name: string }>).map((t) => t.name);
    expect(scope).toContain('messages');
    expect(scope).not.toContain('notes');

    const thread = await store.db.threads.get(first.ingested.threadId);
    expect(thread).toMatchObject({ messageCount: 5, firstMessageAt: NOW - 10 * MINUTE });
    const customer = await store.db.customers.get(first.resolved.customerId!);
    expect(customer).toMatchObject({ firstContact: NOW - 10 * MINUTE, lastContact: NOW - 4 * MINUTE });
    // A replayed batch adds nothing and rewrites nothing.
    const replay = await store.capture(ACCOUNT, THREAD, OPTIONS, textMessages('b', 2, NOW - 5 * MINUTE));
    expect(replay.ingested).toMatchObject({ added: 0, duplicates: 2 });
    expect(await store.db.messages.count()).toBe(5);
  });

  it('resolves again after a merge, so the batch lands on the surviving customer', async () => {
    const store = await tickingStore();
    const ig = await store.upsertAccount({ channel: 'instagram', hostAccountId: 'shop' });
    const older = await store.resolveThread(ig.id, { hostThreadId: '9' }, { displayName: 'Ana' });
    const first = await store.capture(ACCOUNT, THREAD, OPTIONS, textMessages('a', 1, NOW));
    await store.link(first.resolved.customerId!, older.customerId!);
    const after = await store.capture(ACCOUNT, THREAD, OPTIONS, textMessages('b', 1, NOW + MINUTE));
    expect(after.resolved.customerId).toBe(older.customerId);
    expect(after.ingested.customerId).toBe(older.customerId);
    expect((await store.getTimeline(older.customerId!)).messages).toHaveLength(2);
  });

  it('takes the new title of a known thread with its next batch', async () => {
    const store = await freshStore();
    const first = await store.capture(ACCOUNT, THREAD, OPTIONS, textMessages('a', 1, NOW));
    const renamed = { ...THREAD, title: 'Ana Souza' };
    const next = await store.capture(ACCOUNT, renamed, OPTIONS, textMessages('b', 1, NOW + MINUTE));
    expect(next.ingested.thread.title).toBe('Ana Souza');
    expect((await store.db.threads.get(first.ingested.threadId))?.title).toBe('Ana Souza');
  });
});
