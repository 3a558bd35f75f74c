import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { MessageInput } from './inputs';
import type { Store } from './store';
import { freshStore, MINUTE, NOW } from './test-helpers';

const THREAD = { hostThreadId: '5511987654321@c.us', title: 'Ana' };
const HOUR = 60 * MINUTE;

const inbound = (hostId: string, timestamp: number, text = `hi ${hostId}`): MessageInput => ({
  hostId,
  direction: 'in',
  text,
  timestamp,
});

async function withCustomer(store: Store) {
  const account = await store.upsertAccount({ channel: 'whatsapp', hostAccountId: 'shop', region: 'BR' });
  const resolved = await store.resolveThread(account.id, THREAD, {
    displayName: 'Ana',
    identities: [{ kind: 'wa_jid', value: THREAD.hostThreadId }],
  });
  return { accountId: account.id, customerId: resolved.customerId! };
}

/** The rows an ingest keeps up to date, as stored. */
async function stored(store: Store, customerId: string) {
  const thread = (await store.db.threads.where('customerId').equals(customerId).first())!;
  return {
    thread,
    customer: await store.db.customers.get(customerId),
    inquiries: await store.db.inquiries
      .where('[threadId+start]')
      .between([thread.id, 0], [thread.id, Infinity])
      .toArray(),
    messages: await store.db.messages.count(),
  };
}

/** Batches that move every part: new clusters, bridges, refunds, re-captures, titles, no-ops. */
const BATCHES: Array<{ title?: string; messages: MessageInput[] }> = [
  { messages: [inbound('a1', NOW - 50 * HOUR), inbound('a2', NOW - 50 * HOUR + MINUTE)] },
  { messages: [inbound('a3', NOW - 50 * HOUR + 2 * MINUTE, 'quero um reembolso')] },
  { messages: [{ hostId: 'o1', direction: 'out', text: 'ok', timestamp: NOW - 49 * HOUR }] },
  { messages: [inbound('b1', NOW - 30 * HOUR)] },
  { title: 'Ana Souza', messages: [inbound('b2', NOW - 30 * HOUR + MINUTE)] },
  // A re-capture of an old message whose text loaded since: outside the batch's own range.
  { messages: [inbound('a1', NOW - 50 * HOUR, 'i want a refund'), inbound('c1', NOW - 2 * HOUR)] },
  { messages: [] },
  { messages: [inbound('c1', NOW - 2 * HOUR), inbound('c2', NOW - HOUR)] },
  // Older than the newest cluster: the tail alone cannot tell which clusters are near.
  { messages: [inbound('d1', NOW - 40 * HOUR), inbound('d2', NOW - 10 * MINUTE)] },
  { messages: [inbound('e1', NOW - 5 * MINUTE)] },
];

describe('the rows a burst of batches starts from', () => {
  it('leave the same store as reading them for every batch, and save the reads', async () => {
    const remembered = await freshStore();
    const reread = await freshStore();
    const a = await withCustomer(remembered);
    const b = await withCustomer(reread);
    const threadReads = vi.spyOn(remembered.db.threads, 'get');
    const customerReads = vi.spyOn(remembered.db.customers, 'get');
    const clusterReads = vi.spyOn(remembered.db.inquiries, 'where');
    for (const batch of BATCHES) {
      const thread = { ...THREAD, ...(batch.title ? { title: batch.title } : {}) };
      const first = await remembered.ingestMessages(a.accountId, thread, batch.messages);
      // A write that is not an ingest makes the next batch read everything again.
      await reread.rebuildInquiries([]);
      const second = await reread.ingestMessages(b.accountId, thread, batch.messages);
      expect(first.added).toBe(second.added);
      expect(first.duplicates).toBe(second.duplicates);
    }
    // Only the first batch after the resolution read the thread and the customer.
    expect(threadReads).toHaveBeenCalledTimes(1);
    expect(customerReads).toHaveBeenCalledTimes(1);
    // The first batch, the re-capture outside its batch's range, the batch older than the tail.
    expect(clusterReads).toHaveBeenCalledTimes(3);
    const left = await stored(remembered, a.customerId);
    const right = await stored(reread, b.customerId);
    expect(left.messages).toBe(right.messages);
    expect(left.inquiries.map(({ threadId: _, ...c }) => c)).toEqual(
      right.inquiries.map(({ threadId: _, ...c }) => c),
    );
    expect(left.thread).toMatchObject({
      title: right.thread.title,
      messageCount: right.thread.messageCount,
      firstMessageAt: right.thread.firstMessageAt,
      lastMessageAt: right.thread.lastMessageAt,
    });
    expect(left.customer).toMatchObject({
      firstContact: right.customer?.firstContact,
      lastContact: right.customer?.lastContact,
    });
  });

  it('keep the inquiry clusters exactly as re-reading does, whatever the order of batches', async () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const remembered = await freshStore();
    const reread = await freshStore();
    const a = await withCustomer(remembered);
    const b = await withCustomer(reread);
    const seen: MessageInput[] = [];
    for (let i = 0; i < 60; i++) {
      const batch: MessageInput[] = [];
      for (let j = Math.floor(random() * 4); j >= 0; j--) {
        // Mostly new messages of a burst, sometimes history, sometimes a re-capture.
        const again = seen.length > 0 && random() < 0.15 ? seen[Math.floor(random() * seen.length)] : null;
        const text = random() < 0.1 ? 'refund please' : `m${i}.${j}`;
        const at = random() < 0.7 ? NOW + i * 20 * MINUTE : NOW - Math.floor(random() * 200) * HOUR;
        const message = again ? { ...again, text } : inbound(`m${i}.${j}`, at, text);
        batch.push(random() < 0.2 ? { ...message, direction: 'out' } : message);
      }
      seen.push(...batch);
      await remembered.ingestMessages(a.accountId, THREAD, batch);
      await reread.rebuildInquiries([]);
      await reread.ingestMessages(b.accountId, THREAD, batch);
      const [left, right] = [await stored(remembered, a.customerId), await stored(reread, b.customerId)];
      expect(left.inquiries.map(({ threadId: _, ...c }) => c)).toEqual(
        right.inquiries.map(({ threadId: _, ...c }) => c),
      );
      expect(left.customer?.lastContact).toBe(right.customer?.lastContact);
      expect(left.thread.messageCount).toBe(right.thread.messageCount);
    }
  });

  it('are forgotten by any other write, which the next batch then keeps', async () => {
    const store = await freshStore();
    const { accountId, customerId } = await withCustomer(store);
    await store.ingestMessages(accountId, THREAD, [inbound('1', NOW - HOUR)]);
    await store.setPriority(customerId, 'vip');
    await store.addNote(customerId, 'called back');
    await store.ingestMessages(accountId, THREAD, [inbound('2', NOW)]);
    expect(await store.db.customers.get(customerId)).toMatchObject({ priority: 'vip', lastContact: NOW });
    await store.ingestMessages(accountId, THREAD, [inbound('3', NOW + MINUTE)]);
    expect(await store.db.customers.get(customerId)).toMatchObject({
      priority: 'vip',
      lastContact: NOW + MINUTE,
    });
  });

  it('are not kept from a batch that rolled back, nor used by two batches at once', async () => {
    const store = await freshStore();
    const { accountId } = await withCustomer(store);
    await store.ingestMessages(accountId, THREAD, [inbound('1', NOW - HOUR)]);
    const failing = vi.spyOn(store.db.inquiries, 'bulkPut').mockImplementationOnce(() => {
      throw new Error('disk full');
    });
    await expect(
      store.ingestMessages(accountId, THREAD, [inbound('2', NOW - 30 * MINUTE)]),
    ).rejects.toThrow();
    failing.mockRestore();
    await Promise.all([
      store.ingestMessages(accountId, THREAD, [inbound('3', NOW - 20 * MINUTE)]),
      store.ingestMessages(accountId, THREAD, [inbound('4', NOW - 10 * MINUTE)]),
    ]);
    await store.ingestMessages(accountId, THREAD, [inbound('2', NOW - 30 * MINUTE), inbound('5', NOW)]);
    const thread = (await store.db.threads.toArray())[0];
    expect(thread).toMatchObject({ messageCount: 5, lastMessageAt: NOW });
    expect(await store.db.messages.count()).toBe(5);
    const clusters = await store.db.inquiries.toArray();
    expect(clusters.map((c) => [c.start, c.end])).toEqual([[NOW - HOUR, NOW]]);
  });
});
