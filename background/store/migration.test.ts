import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { INQUIRY_GAP_MS } from '../rules/evaluate';
import { REFUND_FACTS_KEY } from '../rules/inquiries';
import { SCHEMA_V1, SCHEMA_V2, SwitchboardDb } from './schema';
import { Store } from './store';
import { DAY, NOW } from './test-helpers';

describe('schema migrations', () => {
  it('opens version 1 data, upgrades through versions 2 and 3, and keeps every row', async () => {
    const name = `migration-${Math.random().toString(36).slice(2)}`;
    // A browser that ran the first release: only version 1 exists.
    const v1 = new Dexie(name);
    v1.version(1).stores(SCHEMA_V1);
    await v1.open();
    await v1.table('accounts').put({
      id: 'whatsapp:111@c.us',
      channel: 'whatsapp',
      hostAccountId: '111@c.us',
      name: null,
      workspace: 'default',
      region: 'BR',
      createdAt: NOW,
      lastSeenAt: NOW,
    });
    await v1.table('customers').bulkPut([
      {
        id: 'c1',
        workspace: 'default',
        name: 'María da Silva',
        priority: 'normal',
        createdAt: NOW,
        firstContact: NOW,
        lastContact: NOW,
      },
      {
        id: 'c2',
        workspace: 'default',
        name: '+55 11 98765-4321',
        priority: 'vip',
        createdAt: NOW,
        firstContact: null,
        lastContact: null,
      },
    ]);
    await v1.table('threads').put({
      id: 'whatsapp:111@c.us|5511987654321@c.us',
      accountId: 'whatsapp:111@c.us',
      channel: 'whatsapp',
      hostThreadId: '5511987654321@c.us',
      e2ee: false,
      isGroup: false,
      title: null,
      customerId: 'c1',
      identityIds: [],
      firstMessageAt: NOW - 2000,
      lastMessageAt: NOW,
      messageCount: 3,
    });
    await v1.table('messages').bulkPut(
      [0, 1, 2].map((i) => ({
        id: `whatsapp:111@c.us|whatsapp|m${i}`,
        accountId: 'whatsapp:111@c.us',
        channel: 'whatsapp',
        threadId: 'whatsapp:111@c.us|5511987654321@c.us',
        hostMessageId: `m${i}`,
        direction: i === 1 ? 'out' : 'in',
        sender: null,
        text: `hello ${i}`,
        timestamp: NOW - 1000 * (2 - i),
        quoted: null,
        media: null,
        capturedAt: NOW,
      })),
    );
    await v1.table('notes').put({ id: 'n1', customerId: 'c1', text: 'kept', author: null, createdAt: NOW });
    expect(v1.verno).toBe(1);
    v1.close();

    const db = new SwitchboardDb(name);
    await db.open();
    expect(db.verno).toBe(3);
    expect(await db.messages.count()).toBe(3);
    expect(await db.notes.get('n1')).toMatchObject({ text: 'kept' });
    // The backfill: accent-free name keys, and no key for a "name" that is a phone number.
    expect(await db.customers.get('c1')).toMatchObject({
      nameKey: 'maria silva',
      aliases: [],
      keepApart: [],
    });
    expect(await db.customers.get('c2')).toMatchObject({ nameKey: '', priority: 'vip' });
    expect(await db.customers.where('nameKey').equals('maria silva').primaryKeys()).toEqual(['c1']);
    // The new index answers inbound-only range queries over the migrated rows.
    const inbound = await db.messages
      .where('[threadId+direction+timestamp]')
      .between(
        ['whatsapp:111@c.us|5511987654321@c.us', 'in', 0],
        ['whatsapp:111@c.us|5511987654321@c.us', 'in', Dexie.maxKey],
      )
      .toArray();
    expect(inbound.map((m) => m.hostMessageId)).toEqual(['m0', 'm2']);
    // v3 backfill: the two inbound messages, 2 s apart, are one inquiry.
    expect(await db.inquiries.toArray()).toEqual([
      {
        threadId: 'whatsapp:111@c.us|5511987654321@c.us',
        start: NOW - 2000,
        end: NOW,
        refundIds: [],
        factsKey: REFUND_FACTS_KEY,
      },
    ]);

    // And the Store works on the upgraded data.
    const store = new Store(db, { now: () => NOW });
    const view = await store.getCustomerView('c1');
    expect(view?.stats).toMatchObject({ messageCount: 3, inquiriesLast30Days: 1 });
    expect((await store.getTimeline('c1')).messages.map((m) => m.text)).toEqual([
      'hello 0',
      'hello 1',
      'hello 2',
    ]);
    store.close();
  });

  it('backfills inquiry clusters and refund facts when version 2 data upgrades to version 3', async () => {
    const name = `migration-v2-${Math.random().toString(36).slice(2)}`;
    const v2 = new Dexie(name);
    v2.version(1).stores(SCHEMA_V1);
    v2.version(2).stores(SCHEMA_V2);
    await v2.open();
    const threadId = 'whatsapp:111@c.us|5511987654321@c.us';
    await v2.table('accounts').put({
      id: 'whatsapp:111@c.us',
      channel: 'whatsapp',
      hostAccountId: '111@c.us',
      name: null,
      workspace: 'default',
      region: 'BR',
      createdAt: NOW,
      lastSeenAt: NOW,
    });
    await v2.table('customers').put({
      id: 'c1',
      workspace: 'default',
      name: 'Ana',
      nameKey: 'ana',
      aliases: [],
      keepApart: [],
      priority: 'normal',
      createdAt: NOW,
      firstContact: NOW - 80 * DAY,
      lastContact: NOW,
    });
    await v2.table('threads').put({
      id: threadId,
      accountId: 'whatsapp:111@c.us',
      channel: 'whatsapp',
      hostThreadId: '5511987654321@c.us',
      e2ee: false,
      isGroup: false,
      title: null,
      customerId: 'c1',
      identityIds: [],
      firstMessageAt: NOW - 80 * DAY,
      lastMessageAt: NOW - DAY,
      messageCount: 6,
    });
    const spec: Array<[number, 'in' | 'out', string]> = [
      [NOW - 80 * DAY, 'in', 'quiero un reembolso'],
      [NOW - 80 * DAY + 60_000, 'out', 'claro, refund approved'],
      [NOW - 40 * DAY, 'in', 'hello'],
      [NOW - 40 * DAY + INQUIRY_GAP_MS, 'in', 'I want to return it'],
      [NOW - 10 * DAY, 'in', 'quero estorno'],
      [NOW - DAY, 'in', 'thanks'],
    ];
    await v2.table('messages').bulkPut(
      spec.map(([timestamp, direction, text], i) => ({
        id: `whatsapp:111@c.us|whatsapp|m${i}`,
        accountId: 'whatsapp:111@c.us',
        channel: 'whatsapp',
        threadId,
        hostMessageId: `m${i}`,
        direction,
        sender: null,
        text,
        timestamp,
        quoted: null,
        media: null,
        capturedAt: NOW,
      })),
    );
    expect(v2.verno).toBe(2);
    v2.close();

    const db = new SwitchboardDb(name);
    await db.open();
    expect(db.verno).toBe(3);
    expect(await db.messages.count()).toBe(6);
    expect(await db.customers.get('c1')).toMatchObject({ nameKey: 'ana' });
    const clusters = await db.inquiries.orderBy('[threadId+start]').toArray();
    expect(clusters.map((c) => [c.start, c.end, c.refundIds])).toEqual([
      [NOW - 80 * DAY, NOW - 80 * DAY, ['whatsapp:111@c.us|whatsapp|m0']],
      // Exactly one gap apart is still one sitting; the refund in it is found.
      [NOW - 40 * DAY, NOW - 40 * DAY + INQUIRY_GAP_MS, ['whatsapp:111@c.us|whatsapp|m3']],
      [NOW - 10 * DAY, NOW - 10 * DAY, ['whatsapp:111@c.us|whatsapp|m4']],
      [NOW - DAY, NOW - DAY, []],
    ]);
    const store = new Store(db, { now: () => NOW });
    const view = await store.getCustomerView('c1');
    expect(view?.stats).toMatchObject({ messageCount: 6, inquiriesLast30Days: 2 });
    // Three refund inquiries in 90 days: more than 2 raises "priority".
    expect(view?.rules.matches.map((m) => [m.ruleId, m.value])).toEqual([['returns', 3]]);
    store.close();
  });
});
