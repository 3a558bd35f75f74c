/**
 * Durability in Node: a write whose promise resolved survives closing and reopening the
 * database; a transaction interrupted midway leaves nothing behind; replaying batches after an
 * interruption doubles nothing. (The real service-worker kill test runs in Chromium elsewhere.)
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ingestBatch } from './ingest';
import { mergeCustomers } from './merge';
import { openDatabase } from './schema';
import { Store } from './store';
import { NOW, textMessages } from './test-helpers';

const THREAD = { hostThreadId: '5511987654321@c.us' };

async function setup(name: string) {
  const store = await Store.open(name, { now: () => NOW });
  const account = await store.upsertAccount({ channel: 'whatsapp', hostAccountId: '111@c.us', region: 'BR' });
  await store.resolveThread(account.id, THREAD, {
    identities: [{ kind: 'wa_jid', value: THREAD.hostThreadId }],
  });
  return { store, accountId: account.id };
}

describe('durability', () => {
  it('keeps every acknowledged batch across close/reopen and doubles nothing on replay', async () => {
    const name = `durable-${Math.random().toString(36).slice(2)}`;
    const batches = Array.from({ length: 6 }, (_, b) => textMessages(`b${b}`, 50, NOW - (6 - b) * 3_600_000));
    let { store, accountId } = await setup(name);
    const acknowledged: number[] = [];
    for (const [index, batch] of batches.entries()) {
      acknowledged.push((await store.ingestMessages(accountId, THREAD, batch)).added);
      if (index % 2 === 1) {
        // The worker goes away between batches and comes back with a fresh connection.
        store.close();
        store = await Store.open(name, { now: () => NOW });
      }
    }
    expect(acknowledged).toEqual([50, 50, 50, 50, 50, 50]);
    // After a "crash" the capturer cannot know what was stored, so it replays everything.
    store.close();
    store = await Store.open(name, { now: () => NOW });
    for (const batch of batches) expect((await store.ingestMessages(accountId, THREAD, batch)).added).toBe(0);
    expect(await store.db.messages.count()).toBe(300);
    const thread = await store.findThread(accountId, THREAD.hostThreadId);
    expect(thread?.messageCount).toBe(300);
    store.close();
  });

  it('leaves nothing of a batch whose transaction was aborted midway, and the replay stores it once', async () => {
    const name = `abort-${Math.random().toString(36).slice(2)}`;
    const { store, accountId } = await setup(name);
    await store.ingestMessages(accountId, THREAD, textMessages('first', 20, NOW - 100_000));
    const interrupted = textMessages('second', 40, NOW);

    // The same work ingestMessages does, interrupted after the rows were written but before commit.
    await expect(
      store.db.transaction('rw', store.db.tables, async (tx) => {
        const result = await ingestBatch(store.db, accountId, THREAD, interrupted, NOW);
        expect(result.added).toBe(40);
        tx.abort();
      }),
    ).rejects.toThrow();
    expect(await store.db.messages.count()).toBe(20);
    expect((await store.findThread(accountId, THREAD.hostThreadId))?.messageCount).toBe(20);

    // The connection dies with the worker; the capturer replays the unacknowledged batch.
    store.close();
    const reopened = new Store(await openDatabase(name), { now: () => NOW });
    expect((await reopened.ingestMessages(accountId, THREAD, interrupted)).added).toBe(40);
    expect((await reopened.ingestMessages(accountId, THREAD, interrupted)).added).toBe(0);
    expect(await reopened.db.messages.count()).toBe(60);
    reopened.close();
  });

  it('rolls back all of an interrupted batch, its mentions and the suggestion they made included', async () => {
    const name = `abort-mentions-${Math.random().toString(36).slice(2)}`;
    const { store, accountId } = await setup(name);
    const other = { hostThreadId: '5511911112222@c.us' };
    await store.resolveThread(accountId, other, {
      identities: [{ kind: 'wa_jid', value: other.hostThreadId }],
    });
    await store.ingestMessages(accountId, other, [
      { hostId: 'o-1', direction: 'in', text: 'Cadê meu pedido #A-10293?', timestamp: NOW - 60_000 },
    ]);
    const typed = [{ hostId: 't-1', direction: 'in' as const, text: 'any news on #a-10293', timestamp: NOW }];

    // No async scope here: the batch's chain alone must keep every write in the transaction.
    await expect(
      store.db.transaction('rw', store.db.tables, (tx) =>
        ingestBatch(store.db, accountId, THREAD, typed, NOW).then(() => tx.abort()),
      ),
    ).rejects.toThrow();
    expect(await store.db.messages.count()).toBe(1);
    expect(await store.db.mentions.count()).toBe(1);
    expect(await store.db.suggestions.count()).toBe(0);

    // The same batch committed does make the suggestion: the abort above is what undid it.
    await store.ingestMessages(accountId, THREAD, typed);
    expect(await store.db.suggestions.count()).toBe(1);
    store.close();
  });

  it('rolls back a merge interrupted before commit, losing nothing', async () => {
    const name = `merge-abort-${Math.random().toString(36).slice(2)}`;
    const { store, accountId } = await setup(name);
    const other = await store.resolveThread(
      accountId,
      { hostThreadId: '5511911112222@c.us' },
      {
        identities: [{ kind: 'wa_jid', value: '5511911112222@c.us' }],
      },
    );
    await store.addNote(other.customerId!, 'must survive');
    await store.addTag(other.customerId!, 'kept');
    const first = (await store.findThread(accountId, THREAD.hostThreadId))!.customerId!;
    await expect(
      store.db.transaction('rw', store.db.tables, async (tx) => {
        await mergeCustomers(store.db, first, other.customerId!, {
          kind: 'link',
          reason: 'test',
          flagged: null,
          now: NOW,
        });
        tx.abort();
      }),
    ).rejects.toThrow();
    expect(await store.db.customers.count()).toBe(2);
    expect(await store.db.mergeHistory.count()).toBe(0);
    const view = await store.getCustomerView(other.customerId!);
    expect(view?.notes.map((n) => n.text)).toEqual(['must survive']);
    expect(view?.tags.map((t) => t.tag)).toEqual(['kept']);
    expect(view?.identities).toHaveLength(2);
    store.close();
  });
});
