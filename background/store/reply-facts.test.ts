import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { openDatabase } from './schema';
import { Store } from './store';
import { DAY, freshStore, MINUTE, NOW } from './test-helpers';

describe('Store.getReplyFacts', () => {
  it('tells the name, priority and inquiry count the card shows, across channels', async () => {
    const store = await freshStore();
    const wa = await store.upsertAccount({ channel: 'whatsapp', hostAccountId: 'shop', region: 'BR' });
    const ig = await store.upsertAccount({ channel: 'instagram', hostAccountId: 'shop', region: 'BR' });
    const identities = [{ kind: 'email' as const, value: 'ana@example.com' }];
    const a = await store.resolveThread(
      wa.id,
      { hostThreadId: '5511987654321@c.us' },
      {
        displayName: 'Ana Souza',
        identities,
      },
    );
    await store.resolveThread(ig.id, { hostThreadId: '340282366' }, { displayName: 'Ana', identities });
    const at = (hostId: string, timestamp: number) => ({
      hostId,
      direction: 'in' as const,
      text: 'hi',
      timestamp,
    });
    // Two inquiries in the window (one bridged across channels), one just before it.
    await store.ingestMessages(wa.id, { hostThreadId: '5511987654321@c.us' }, [
      at('w1', NOW - 31 * DAY),
      at('w2', NOW - 10 * DAY),
      at('w3', NOW - 2 * DAY),
    ]);
    await store.ingestMessages(ig.id, { hostThreadId: '340282366' }, [at('i1', NOW - 2 * DAY + MINUTE)]);
    await store.setPriority(a.customerId!, 'vip');

    const facts = await store.getReplyFacts(a.customerId!);
    const view = await store.getCustomerView(a.customerId!);
    expect(facts).toEqual({
      name: view?.customer.name,
      priority: 'vip',
      inquiriesLast30Days: view?.stats.inquiriesLast30Days,
    });
    expect(facts?.inquiriesLast30Days).toBe(2);
    // The same facts found from the thread, in one read.
    expect(await store.getThreadReplyFacts(wa.id, '5511987654321@c.us')).toEqual(facts);
  });

  it('is undefined for a thread never captured, so the caller resolves it first', async () => {
    const store = await freshStore();
    const wa = await store.upsertAccount({ channel: 'whatsapp', hostAccountId: 'shop' });
    expect(await store.getThreadReplyFacts(wa.id, '5511987654321@c.us')).toBeUndefined();
  });

  it('is null for a customer that does not exist (deleted meanwhile)', async () => {
    const store = await freshStore();
    expect(await store.getReplyFacts('nobody')).toBeNull();
  });

  it('stay what a fresh read tells while batches come in on both channels, read once', async () => {
    const clock = { now: NOW };
    const store = await freshStore(clock);
    const wa = await store.upsertAccount({ channel: 'whatsapp', hostAccountId: 'shop', region: 'BR' });
    const ig = await store.upsertAccount({ channel: 'instagram', hostAccountId: 'shop', region: 'BR' });
    const identities = [{ kind: 'email' as const, value: 'ana@example.com' }];
    const threads = [
      { accountId: wa.id, thread: { hostThreadId: '5511987654321@c.us' } },
      { accountId: ig.id, thread: { hostThreadId: '340282366' } },
    ];
    for (const { accountId, thread } of threads) {
      await store.resolveThread(accountId, thread, { displayName: 'Ana', identities });
    }
    const [open] = threads;
    const factsNow = () => store.getThreadReplyFacts(open!.accountId, open!.thread.hostThreadId);
    // A new Store on another connection to the same database remembers nothing: it reads.
    const otherDb = await openDatabase(store.db.name);
    const freshly = () =>
      new Store(otherDb, { now: () => clock.now }).getThreadReplyFacts(
        open!.accountId,
        open!.thread.hostThreadId,
      );
    await factsNow();
    const reads = vi.spyOn(store.db, 'transaction');
    let seed = 11;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 60; i++) {
      const { accountId, thread } = threads[random() < 0.5 ? 0 : 1]!;
      // Now, an hour ago or weeks back: new inquiries, bridges across channels, old history.
      const back = [0, MINUTE, 3 * 60 * MINUTE, 9 * 60 * MINUTE, 20 * DAY, 45 * DAY][
        Math.floor(random() * 6)
      ]!;
      await store.ingestMessages(accountId, thread, [
        {
          hostId: `m${i}`,
          direction: random() < 0.2 ? 'out' : 'in',
          text: 'hi',
          timestamp: clock.now - back,
        },
      ]);
      clock.now += Math.floor(random() * 4) * 60 * MINUTE;
      expect(await factsNow()).toEqual(await freshly());
    }
    // The ingests' own transactions only: the facts were never read again.
    expect(reads.mock.calls.filter(([mode]) => mode === 'r')).toHaveLength(0);
    // Any other write is seen at once.
    const customerId = (await store.findThread(open!.accountId, open!.thread.hostThreadId))!.customerId!;
    await store.setPriority(customerId, 'high');
    expect(await factsNow()).toMatchObject({ priority: 'high' });
  });

  it('asked while a batch is being written, tell what a read would then: the batch included', async () => {
    const store = await freshStore();
    const wa = await store.upsertAccount({ channel: 'whatsapp', hostAccountId: 'shop', region: 'BR' });
    const thread = { hostThreadId: '5511987654321@c.us' };
    await store.resolveThread(wa.id, thread, {
      identities: [{ kind: 'wa_jid', value: thread.hostThreadId }],
    });
    const at = (hostId: string, timestamp: number) => [
      { hostId, direction: 'in' as const, text: 'hi', timestamp },
    ];
    await store.ingestMessages(wa.id, thread, at('1', NOW - 10 * DAY));
    expect(await store.getThreadReplyFacts(wa.id, thread.hostThreadId)).toMatchObject({
      inquiriesLast30Days: 1,
    });
    const writing = store.ingestMessages(wa.id, thread, at('2', NOW));
    const facts = await store.getThreadReplyFacts(wa.id, thread.hostThreadId);
    await writing;
    expect(facts).toMatchObject({ inquiriesLast30Days: 2 });
  });
});
