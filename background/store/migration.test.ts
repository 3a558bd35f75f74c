import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { SCHEMA_V1, SwitchboardDb } from './schema';
import { Store } from './store';
import { NOW } from './test-helpers';

describe('schema migrations', () => {
  it('opens version 1 data, upgrades to version 2, and keeps every row', async () => {
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
    expect(db.verno).toBe(2);
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
});
