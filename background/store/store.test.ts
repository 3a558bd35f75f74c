import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { StoreInputError } from './inputs';
import { DAY, freshStore, MINUTE, NOW, textMessages } from './test-helpers';

async function whatsappSetup() {
  const store = await freshStore();
  const account = await store.upsertAccount({
    channel: 'whatsapp',
    hostAccountId: '5511900000000@c.us',
    region: 'BR',
  });
  const thread = { hostThreadId: '5511987654321@c.us', title: 'Ana Souza' };
  const resolved = await store.resolveThread(account.id, thread, {
    displayName: 'Ana Souza',
    identities: [{ kind: 'wa_jid', value: '5511987654321@c.us' }],
  });
  return { store, account, thread, customerId: resolved.customerId! };
}

describe('ingest', () => {
  it('stores a batch once and reports how many were new', async () => {
    const { store, account, thread } = await whatsappSetup();
    const batch = textMessages('m', 10, NOW - 60 * MINUTE);
    expect(await store.ingestMessages(account.id, thread, batch)).toMatchObject({ added: 10, duplicates: 0 });
    expect(await store.ingestMessages(account.id, thread, batch)).toMatchObject({ added: 0, duplicates: 10 });
    const overlapping = [...batch.slice(5), ...textMessages('n', 3, NOW - 5 * MINUTE)];
    expect(await store.ingestMessages(account.id, thread, overlapping)).toMatchObject({
      added: 3,
      duplicates: 5,
    });
    expect(await store.db.messages.count()).toBe(13);
    const threadRow = await store.findThread(account.id, thread.hostThreadId);
    expect(threadRow?.messageCount).toBe(13);
  });

  it('collapses the same host id twice in one batch and keeps the first capture time', async () => {
    const clock = { now: NOW };
    const store = await freshStore(clock);
    const account = await store.upsertAccount({ channel: 'instagram', hostAccountId: 'shop' });
    const thread = { hostThreadId: '340282366' };
    const first = { hostId: 'mid.$1', direction: 'in' as const, text: '', timestamp: NOW - DAY };
    expect(
      (await store.ingestMessages(account.id, thread, [first, { ...first, text: 'loading…' }])).added,
    ).toBe(1);
    clock.now += MINUTE;
    await store.ingestMessages(account.id, thread, [{ ...first, text: 'loaded text', media: 'image' }]);
    const rows = await store.db.messages.toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ text: 'loaded text', media: 'image', capturedAt: NOW });
  });

  it('keeps two logins of the same app apart, even for the same chat JID', async () => {
    const store = await freshStore();
    const shopA = await store.upsertAccount({ channel: 'whatsapp', hostAccountId: '111@c.us' });
    const shopB = await store.upsertAccount({ channel: 'whatsapp', hostAccountId: '222@c.us' });
    const thread = { hostThreadId: '5511987654321@c.us' };
    const batch = [
      { hostId: 'false_5511987654321@c.us_3EB0AA', direction: 'in' as const, text: 'oi', timestamp: NOW },
    ];
    expect((await store.ingestMessages(shopA.id, thread, batch)).added).toBe(1);
    expect((await store.ingestMessages(shopB.id, thread, batch)).added).toBe(1);
    expect(await store.db.threads.count()).toBe(2);
    expect(await store.db.messages.count()).toBe(2);
  });

  it('keeps e2ee and classic Messenger threads with one id apart', async () => {
    const store = await freshStore();
    const fb = await store.upsertAccount({ channel: 'messenger', hostAccountId: '1000' });
    await store.ingestMessages(fb.id, { hostThreadId: '42', e2ee: true }, textMessages('e', 1, NOW));
    await store.ingestMessages(fb.id, { hostThreadId: '42' }, textMessages('c', 1, NOW));
    expect((await store.db.threads.toArray()).map((t) => t.id).sort()).toEqual([
      'messenger:1000|42',
      'messenger:1000|e2ee:42',
    ]);
  });

  it('rejects a bad batch with a clear error and writes nothing of it', async () => {
    const { store, account, thread } = await whatsappSetup();
    const batch = [...textMessages('ok', 3, NOW), { hostId: '', direction: 'in', timestamp: NOW } as never];
    await expect(store.ingestMessages(account.id, thread, batch)).rejects.toThrow(
      /Invalid message #3 at hostId/,
    );
    await expect(
      store.ingestMessages('whatsapp:nobody', thread, textMessages('x', 1, NOW)),
    ).rejects.toBeInstanceOf(StoreInputError);
    expect(await store.db.messages.count()).toBe(0);
  });

  it('treats WhatsApp groups as threads without a customer', async () => {
    const store = await freshStore();
    const wa = await store.upsertAccount({ channel: 'whatsapp', hostAccountId: '111@c.us' });
    const group = { hostThreadId: '120363025246125486@g.us', title: 'Family' };
    const result = await store.resolveThread(wa.id, group, {
      identities: [{ kind: 'wa_jid', value: '120363025246125486@g.us' }],
    });
    expect(result.customerId).toBeNull();
    expect(await store.db.customers.count()).toBe(0);
    expect((await store.ingestMessages(wa.id, group, textMessages('g', 2, NOW))).customerId).toBeNull();
  });
});

describe('timeline', () => {
  it('merges all threads of a customer in time order, paged without gaps or repeats', async () => {
    const store = await freshStore();
    const wa = await store.upsertAccount({ channel: 'whatsapp', hostAccountId: '111@c.us', region: 'BR' });
    const ig = await store.upsertAccount({ channel: 'instagram', hostAccountId: 'shop' });
    const waThread = { hostThreadId: '5511987654321@c.us' };
    const igThread = { hostThreadId: '3402' };
    const { customerId } = await store.resolveThread(wa.id, waThread, {
      identities: [{ kind: 'wa_jid', value: '5511987654321@c.us' }],
    });
    await store.resolveThread(ig.id, igThread, {
      identities: [
        { kind: 'ig_username', value: 'ana.souza' },
        { kind: 'phone', value: '+55 11 98765-4321' },
      ],
    });
    // Interleaved: WhatsApp on even minutes, Instagram on odd ones, plus same-timestamp ties.
    await store.ingestMessages(wa.id, waThread, textMessages('wa', 120, NOW - 1000 * MINUTE, 2 * MINUTE));
    await store.ingestMessages(ig.id, igThread, textMessages('ig', 120, NOW - 999 * MINUTE, 2 * MINUTE));
    await store.ingestMessages(ig.id, igThread, textMessages('tie', 5, NOW, 0));

    const seen: string[] = [];
    let before: { timestamp: number; id: string } | undefined;
    let pages = 0;
    for (;;) {
      const page = await store.getTimeline(customerId!, { before, limit: 35 });
      pages++;
      const stamps = page.messages.map((m) => m.timestamp);
      expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
      seen.unshift(...page.messages.map((m) => m.hostMessageId));
      if (!page.next) break;
      before = page.next;
    }
    expect(pages).toBe(7); // 245 messages, 35 per page
    expect(seen).toHaveLength(245);
    expect(new Set(seen).size).toBe(245);
    expect(seen.slice(0, 3)).toEqual(['wa-0', 'ig-0', 'wa-1']);
  });
});

describe('customer view and edits', () => {
  it('shows card, identities, notes, tags and stats', async () => {
    const { store, account, thread, customerId } = await whatsappSetup();
    // Four separate inquiries in the last 30 days → the default rule flags "priority".
    for (const daysAgo of [1, 3, 8, 20]) {
      await store.ingestMessages(account.id, thread, textMessages(`d${daysAgo}`, 3, NOW - daysAgo * DAY));
    }
    await store.ingestMessages(
      account.id,
      thread,
      textMessages('reply', 1, NOW - DAY + 5 * MINUTE, MINUTE, 'out'),
    );
    await store.addNote(customerId, 'prefers Portuguese', 'agent-1');
    await store.addTag(customerId, 'wholesale');
    await store.addTag(customerId, 'wholesale');
    await store.setPriority(customerId, 'vip');

    const view = await store.getCustomerView(customerId);
    expect(view?.customer).toMatchObject({ name: 'Ana Souza', priority: 'vip' });
    expect(view?.identities.map((i) => `${i.kind}:${i.value}`).sort()).toEqual([
      'phone:+5511987654321',
      'wa_jid:5511987654321@c.us',
    ]);
    expect(view?.notes.map((n) => n.text)).toEqual(['prefers Portuguese']);
    expect(view?.tags.map((t) => t.tag)).toEqual(['wholesale']);
    expect(view?.stats).toMatchObject({
      firstContact: NOW - 20 * DAY,
      lastContact: NOW - DAY + 5 * MINUTE,
      inquiriesLast30Days: 4,
      messageCount: 13,
      threadCount: 1,
    });
    expect(view?.rules.flags).toEqual(['priority']);

    await store.removeTag(customerId, 'wholesale');
    await expect(store.setPriority(customerId, 'urgent' as never)).rejects.toThrow(/Invalid priority/);
    expect((await store.getCustomerView(customerId))?.tags).toEqual([]);
  });

  it('uses the team-edited rules', async () => {
    const { store, account, thread, customerId } = await whatsappSetup();
    await store.ingestMessages(account.id, thread, [
      { hostId: 'x', direction: 'in', text: 'quero meu estorno', timestamp: NOW - DAY },
    ]);
    await store.setRules([
      {
        id: 'any-refund',
        name: 'Any refund',
        enabled: true,
        flag: 'refund',
        anyOf: [{ metric: { kind: 'matching-inquiries', topic: 'refund' }, windowDays: 7, greaterThan: 0 }],
      },
    ]);
    expect((await store.getCustomerView(customerId))?.rules.flags).toEqual(['refund']);
    await expect(store.setRules([{ id: '' } as never])).rejects.toThrow(/Invalid priority rules/);
  });

  it('exports the full record and deletes the customer everywhere', async () => {
    const { store, account, thread, customerId } = await whatsappSetup();
    await store.ingestMessages(account.id, thread, [
      ...textMessages('m', 4, NOW - DAY),
      { hostId: 'o', direction: 'in', text: 'order #A-10293', timestamp: NOW },
    ]);
    await store.addNote(customerId, 'note');
    await store.addTag(customerId, 'tag');
    const other = await store.resolveThread(
      account.id,
      { hostThreadId: '5511911112222@c.us' },
      {
        displayName: 'Bruno Lima',
        identities: [{ kind: 'wa_jid', value: '5511911112222@c.us' }],
      },
    );
    await store.ingestMessages(account.id, { hostThreadId: '5511911112222@c.us' }, textMessages('b', 2, NOW));

    const exported = await store.exportCustomer(customerId);
    expect(exported).toMatchObject({ format: 'switchboard.customer.v1', customer: { id: customerId } });
    expect(exported.messages).toHaveLength(5);
    expect(exported.identities).toHaveLength(2);
    expect(exported.notes).toHaveLength(1);
    expect(JSON.parse(JSON.stringify(exported))).toEqual(exported);

    const report = await store.deleteCustomer(customerId);
    expect(report).toMatchObject({ identities: 2, threads: 1, messages: 5, notes: 1, tags: 1 });
    expect(await store.getCustomerView(customerId)).toBeNull();
    expect(await store.db.mentions.count()).toBe(0);
    // The other customer is untouched.
    expect(await store.db.messages.count()).toBe(2);
    expect((await store.getCustomerView(other.customerId!))?.identities).toHaveLength(2);
  });
});
