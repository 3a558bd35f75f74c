import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { evaluateRules, groupInquiries, INQUIRY_GAP_MS, longestWindowMs } from '../rules/evaluate';
import { REFUND_FACTS_KEY } from '../rules/inquiries';
import type { Store } from './store';
import { DAY, freshStore, MINUTE, NOW } from './test-helpers';

/** Deterministic pseudo-random numbers (mulberry32), so a failure replays. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function twoChannelCustomer() {
  const store = await freshStore();
  const wa = await store.upsertAccount({
    channel: 'whatsapp',
    hostAccountId: '5511900000000@c.us',
    region: 'BR',
  });
  const ig = await store.upsertAccount({ channel: 'instagram', hostAccountId: 'shop', region: 'BR' });
  const waThread = { hostThreadId: '5511987654321@c.us' };
  const igThread = { hostThreadId: '340282366' };
  const a = await store.resolveThread(wa.id, waThread, {
    displayName: 'Ana',
    identities: [{ kind: 'email', value: 'ana@example.com' }],
  });
  const b = await store.resolveThread(ig.id, igThread, {
    displayName: 'Ana',
    identities: [{ kind: 'email', value: 'ana@example.com' }],
  });
  expect(b.customerId).toBe(a.customerId);
  return {
    store,
    customerId: a.customerId!,
    threads: [
      { accountId: wa.id, thread: waThread },
      { accountId: ig.id, thread: igThread },
    ],
  };
}

/** What the card computed before schema v3: every inbound message of the window, read and grouped. */
async function reference(store: Store, customerId: string) {
  const rules = await store.getRules();
  const since = NOW - Math.max(longestWindowMs(rules), 30 * DAY + INQUIRY_GAP_MS);
  const threadIds = await store.db.threads.where('customerId').equals(customerId).primaryKeys();
  const inbound = (
    await Promise.all(
      threadIds.map((id) =>
        store.db.messages
          .where('[threadId+direction+timestamp]')
          .between([id, 'in', since], [id, 'in', Dexie.maxKey], true, true)
          .toArray(),
      ),
    )
  ).flat();
  const tags = await store.db.tags.where('customerId').equals(customerId).toArray();
  return {
    inquiriesLast30Days: groupInquiries(inbound).filter((i) => i.start >= NOW - 30 * DAY).length,
    rules: evaluateRules(rules, { now: NOW, inbound, tags }),
    messageCount: await store.db.messages.where('threadId').anyOf(threadIds).count(),
  };
}

const TEXTS = [
  'hi',
  'where is my order?',
  'I want a refund',
  'quiero un reembolso',
  'quero estorno da compra',
  'I will return tomorrow',
  'can I return it?',
  'ok thanks',
];

describe('inquiry facts kept at ingest', () => {
  it('give the same card as reading every inbound message, whatever the ingest order', async () => {
    for (const seed of [1, 2, 3]) {
      const next = random(seed);
      const { store, customerId, threads } = await twoChannelCustomer();
      // Sittings of a few messages, some exactly one quiet gap apart, across both channels.
      const messages: Array<{ hostId: string; direction: 'in' | 'out'; text: string; timestamp: number }> =
        [];
      let at = NOW - 100 * DAY;
      for (let i = 0; i < 160; i++) {
        const step = next();
        at +=
          step < 0.5
            ? Math.floor(next() * 30) * MINUTE
            : step < 0.6
              ? INQUIRY_GAP_MS
              : Math.floor(next() * 3 * DAY);
        if (at > NOW) break;
        messages.push({
          hostId: `s${seed}-m${i}`,
          direction: next() < 0.7 ? 'in' : 'out',
          text: TEXTS[Math.floor(next() * TEXTS.length)]!,
          timestamp: at,
        });
      }
      const owner = messages.map(() => (next() < 0.5 ? 0 : 1));
      // Out of order, in overlapping batches, with re-captures whose text changed.
      let flagged = 0;
      const order = messages.map((_, i) => i).sort(() => next() - 0.5);
      for (let start = 0; start < order.length; start += 12) {
        for (const side of [0, 1]) {
          const batch = order
            .slice(Math.max(0, start - 4), start + 12)
            .filter((i) => owner[i] === side)
            .map((i) => messages[i]!)
            .map((m) => (next() < 0.2 ? { ...m, text: TEXTS[Math.floor(next() * TEXTS.length)]! } : m));
          const target = threads[side]!;
          await store.ingestMessages(target.accountId, target.thread, batch);
        }
        const view = await store.getCustomerView(customerId);
        const expected = await reference(store, customerId);
        expect(view?.stats.inquiriesLast30Days).toBe(expected.inquiriesLast30Days);
        expect(view?.stats.messageCount).toBe(expected.messageCount);
        expect(view?.rules).toEqual(expected.rules);
        flagged += view?.rules.matches.length ?? 0;
      }
      // The run raised flags somewhere, so the rules were exercised, not only the zero case.
      expect(flagged).toBeGreaterThan(0);
      const final = await reference(store, customerId);
      expect(final.messageCount).toBe(messages.length);
      store.close();
    }
  });

  it('match rules with the team’s own keywords and thresholds, read from text', async () => {
    const { store, customerId, threads } = await twoChannelCustomer();
    const [wa, ig] = threads;
    await store.ingestMessages(wa!.accountId, wa!.thread, [
      { hostId: 'a', direction: 'in', text: 'vou no Procon', timestamp: NOW - 2 * DAY },
      { hostId: 'b', direction: 'in', text: 'refund please', timestamp: NOW - 5 * DAY },
    ]);
    await store.ingestMessages(ig!.accountId, ig!.thread, [
      { hostId: 'c', direction: 'in', text: 'reclame aqui', timestamp: NOW - 2 * DAY + MINUTE },
      { hostId: 'd', direction: 'in', text: 'devolução', timestamp: NOW - 20 * DAY },
    ]);
    await store.setRules([
      {
        id: 'complaints',
        name: 'Complaints',
        enabled: true,
        flag: 'complaint',
        anyOf: [
          { metric: { kind: 'matching-inquiries', keywords: ['procon'] }, windowDays: 7, greaterThan: 0 },
        ],
      },
      {
        id: 'returns',
        name: 'Returns',
        enabled: true,
        flag: 'priority',
        anyOf: [{ metric: { kind: 'matching-inquiries', topic: 'refund' }, windowDays: 30, greaterThan: 1 }],
      },
    ]);
    const view = await store.getCustomerView(customerId);
    expect(view?.rules).toEqual((await reference(store, customerId)).rules);
    expect(view?.rules.flags).toEqual(['complaint', 'priority']);
    expect(view?.stats.inquiriesLast30Days).toBe(3);
  });

  it('recompute refund facts lazily when the keyword list they were made with changed', async () => {
    const { store, customerId, threads } = await twoChannelCustomer();
    const wa = threads[0]!;
    await store.ingestMessages(
      wa.accountId,
      wa.thread,
      [1, 10, 20].map((days, i) => ({
        hostId: `r${i}`,
        direction: 'in' as const,
        text: 'I want my money back',
        timestamp: NOW - days * DAY,
      })),
    );
    // As if written by a release with another keyword list.
    await store.db.inquiries.toCollection().modify({ refundIds: [], factsKey: 'refund-v0-old' });
    const view = await store.getCustomerView(customerId);
    expect(view?.rules.flags).toEqual(['priority']);
    expect(view?.rules.matches[0]).toMatchObject({ ruleId: 'returns', value: 3 });
    await store.rebuildInquiries(await store.db.threads.toCollection().primaryKeys());
    const rows = await store.db.inquiries.toArray();
    expect(rows.map((r) => [r.refundIds.length, r.factsKey])).toEqual([
      [1, REFUND_FACTS_KEY],
      [1, REFUND_FACTS_KEY],
      [1, REFUND_FACTS_KEY],
    ]);
  });
});

describe('re-captured messages and counts', () => {
  it('keep the first-seen timestamp of a message captured again', async () => {
    const clock = { now: NOW };
    const store = await freshStore(clock);
    const account = await store.upsertAccount({ channel: 'instagram', hostAccountId: 'shop' });
    const thread = { hostThreadId: '340282366' };
    // Instagram shows no time: the adapter stamps the capture time.
    await store.ingestMessages(account.id, thread, [
      { hostId: 'mid.$1', direction: 'in', text: 'hello', timestamp: NOW - 10 * MINUTE },
    ]);
    clock.now += DAY;
    const again = await store.ingestMessages(account.id, thread, [
      { hostId: 'mid.$1', direction: 'in', text: 'hello (edited)', timestamp: NOW + DAY },
    ]);
    expect(again).toMatchObject({ added: 0, duplicates: 1 });
    const row = (await store.db.messages.toArray())[0];
    expect(row).toMatchObject({ timestamp: NOW - 10 * MINUTE, text: 'hello (edited)', capturedAt: NOW });
    const threadRow = await store.findThread(account.id, thread.hostThreadId);
    expect(threadRow).toMatchObject({ firstMessageAt: NOW - 10 * MINUTE, lastMessageAt: NOW - 10 * MINUTE });
    expect(await store.db.inquiries.toArray()).toMatchObject([
      { start: NOW - 10 * MINUTE, end: NOW - 10 * MINUTE },
    ]);
  });

  it('update refund facts of a re-captured message at its first-seen time', async () => {
    const store = await freshStore();
    const account = await store.upsertAccount({ channel: 'instagram', hostAccountId: 'shop' });
    const thread = { hostThreadId: '340282366' };
    await store.ingestMessages(account.id, thread, [
      { hostId: 'm1', direction: 'in', text: 'loading…', timestamp: NOW - 20 * DAY },
    ]);
    await store.ingestMessages(account.id, thread, [
      { hostId: 'm1', direction: 'in', text: 'I want a refund', timestamp: NOW - DAY },
      { hostId: 'm2', direction: 'in', text: 'hello?', timestamp: NOW - DAY },
    ]);
    const rows = await store.db.inquiries.orderBy('[threadId+start]').toArray();
    expect(rows.map((r) => [r.start, r.refundIds.length])).toEqual([
      [NOW - 20 * DAY, 1],
      [NOW - DAY, 0],
    ]);
  });

  it('count every stored row once under concurrent ingests of overlapping batches', async () => {
    const store = await freshStore();
    const account = await store.upsertAccount({ channel: 'whatsapp', hostAccountId: '111@c.us' });
    const thread = { hostThreadId: '5511987654321@c.us' };
    const resolved = await store.resolveThread(account.id, thread, {
      identities: [{ kind: 'wa_jid', value: '5511987654321@c.us' }],
    });
    const all = Array.from({ length: 202 }, (_, i) => ({
      hostId: `m${i}`,
      direction: (i % 3 === 0 ? 'out' : 'in') as 'in' | 'out',
      text: `message ${i}`,
      timestamp: NOW - (202 - i) * MINUTE,
    }));
    // Twelve windows of 40 that overlap by 20, plus a replay of everything, all at once.
    const batches = [
      ...Array.from({ length: 12 }, (_, k) => all.slice(k * 17, k * 17 + 40)),
      all,
      all.slice(150),
    ];
    const results = await Promise.all(
      batches.map((batch) => store.ingestMessages(account.id, thread, batch)),
    );
    expect(results.reduce((sum, r) => sum + r.added, 0)).toBe(202);
    expect(await store.db.messages.count()).toBe(202);
    expect((await store.findThread(account.id, thread.hostThreadId))?.messageCount).toBe(202);
    const view = await store.getCustomerView(resolved.customerId!);
    expect(view?.stats.messageCount).toBe(202);
    expect(view?.stats.inquiriesLast30Days).toBe(1);
    expect(await store.db.inquiries.count()).toBe(1);
  });
});

describe('deleting a customer', () => {
  it('removes their inquiry facts too', async () => {
    const { store, customerId, threads } = await twoChannelCustomer();
    const wa = threads[0]!;
    await store.ingestMessages(wa.accountId, wa.thread, [
      { hostId: 'x', direction: 'in', text: 'hello', timestamp: NOW - DAY },
    ]);
    expect(await store.db.inquiries.count()).toBe(1);
    await store.deleteCustomer(customerId);
    expect(await store.db.inquiries.count()).toBe(0);
  });
});
