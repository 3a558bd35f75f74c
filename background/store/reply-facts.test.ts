import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
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
});
