import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Store } from './store';
import { DAY, tickingStore as freshStore, MINUTE, NOW, textMessages } from './test-helpers';

async function channels(store: Store) {
  return {
    wa: await store.upsertAccount({ channel: 'whatsapp', hostAccountId: '5511900000000@c.us', region: 'BR' }),
    fb: await store.upsertAccount({ channel: 'messenger', hostAccountId: '1000', region: 'BR' }),
    ig: await store.upsertAccount({ channel: 'instagram', hostAccountId: 'shop', region: 'BR' }),
  };
}

/** Everything a customer owns, to compare states before a merge and after its undo. */
async function snapshot(store: Store, customerId: string) {
  const exported = await store.exportCustomer(customerId);
  const { exportedAt: _, mergeHistory: __, suggestions: ___, ...rest } = exported;
  const sortById = <T extends { id: string }>(rows: T[]) =>
    [...rows].sort((a, b) => a.id.localeCompare(b.id));
  return {
    ...rest,
    customer: { ...rest.customer, keepApart: [] },
    identities: sortById(rest.identities),
    threads: sortById(rest.threads),
    notes: sortById(rest.notes),
    tags: [...rest.tags].sort((a, b) => a.tag.localeCompare(b.tag)),
  };
}

describe('strong matches merge automatically', () => {
  it('merges WhatsApp and Instagram on the same phone, written differently', async () => {
    const store = await freshStore();
    const { wa, ig } = await channels(store);
    const first = await store.resolveThread(
      wa.id,
      { hostThreadId: '5511987654321@c.us' },
      {
        displayName: 'Ana Souza',
        identities: [{ kind: 'wa_jid', value: '5511987654321@c.us' }],
      },
    );
    const second = await store.resolveThread(
      ig.id,
      { hostThreadId: '3402' },
      {
        displayName: 'Ana Souza',
        identities: [
          { kind: 'ig_username', value: 'ana.souza' },
          { kind: 'phone', value: '(011) 98765 4321' },
        ],
      },
    );
    expect(second.customerId).toBe(first.customerId);
    expect(second.createdCustomer).toBe(false);
    expect(await store.db.customers.count()).toBe(1);
  });

  it('merges two existing customers when a shared email appears, and keeps everything of both', async () => {
    const store = await freshStore();
    const { wa, fb } = await channels(store);
    const waThread = { hostThreadId: '5511987654321@c.us' };
    const fbThread = { hostThreadId: '777' };
    const a = await store.resolveThread(wa.id, waThread, {
      displayName: 'Ana',
      identities: [
        { kind: 'wa_jid', value: '5511987654321@c.us' },
        { kind: 'email', value: 'Ana@Example.com ' },
      ],
    });
    const b = await store.resolveThread(fb.id, fbThread, {
      displayName: 'Ana Souza',
      identities: [{ kind: 'messenger_thread', value: '777' }],
    });
    expect(b.customerId).not.toBe(a.customerId);
    await store.ingestMessages(wa.id, waThread, textMessages('wa', 3, NOW - DAY));
    await store.ingestMessages(fb.id, fbThread, textMessages('fb', 2, NOW - 2 * DAY));
    await store.addNote(b.customerId!, 'asked about sizes');
    await store.addTag(b.customerId!, 'shoes');
    await store.addTag(a.customerId!, 'shoes');
    await store.addTag(b.customerId!, 'vip-candidate');

    const again = await store.resolveThread(fb.id, fbThread, {
      identities: [{ kind: 'email', value: 'ana@example.com' }],
    });
    expect(again.customerId).toBe(a.customerId);
    expect(again.merges).toHaveLength(1);
    expect(again.merges[0]).toMatchObject({
      survivorId: a.customerId,
      absorbedId: b.customerId,
      flagged: null,
    });

    const view = await store.getCustomerView(a.customerId!);
    expect(view?.customer.name).toBe('Ana');
    expect(view?.customer.aliases).toEqual(['Ana Souza']);
    expect(view?.notes.map((n) => n.text)).toEqual(['asked about sizes']);
    expect(view?.tags.map((t) => t.tag).sort()).toEqual(['shoes', 'vip-candidate']);
    expect(view?.stats).toMatchObject({ messageCount: 5, threadCount: 2, firstContact: NOW - 2 * DAY });
    expect((await store.getTimeline(a.customerId!, { limit: 10 })).messages).toHaveLength(5);
  });

  it('matches a Business API wa_id with the captured JID', async () => {
    const store = await freshStore();
    const { wa } = await channels(store);
    // A number metadata may not know yet: WhatsApp verified it, so "possible" is enough here.
    const captured = await store.resolveThread(
      wa.id,
      { hostThreadId: '15551234567@c.us' },
      {
        identities: [{ kind: 'wa_jid', value: '15551234567@c.us' }],
      },
    );
    const viaApi = await store.resolveThread(
      wa.id,
      { hostThreadId: 'cloud:15551234567' },
      {
        identities: [{ kind: 'wa_id', value: '15551234567' }],
        source: 'business-api',
      },
    );
    expect(viaApi.customerId).toBe(captured.customerId);
    const view = await store.getCustomerView(captured.customerId!);
    expect(view?.identities.map((i) => i.kind).sort()).toEqual(['phone', 'wa_id', 'wa_jid']);
  });

  it('never reads a @lid as a phone number', async () => {
    const store = await freshStore();
    const { wa } = await channels(store);
    const byPhone = await store.resolveThread(
      wa.id,
      { hostThreadId: '179950657237125@c.us' },
      {
        identities: [{ kind: 'wa_jid', value: '179950657237125@c.us' }],
      },
    );
    const byLid = await store.resolveThread(
      wa.id,
      { hostThreadId: '179950657237125@lid' },
      {
        identities: [{ kind: 'wa_jid', value: '179950657237125@lid' }],
      },
    );
    expect(byLid.customerId).not.toBe(byPhone.customerId);
    const lidView = await store.getCustomerView(byLid.customerId!);
    expect(lidView?.identities.map((i) => `${i.kind}:${i.value}`)).toEqual(['wa_lid:179950657237125@lid']);
  });

  it('reports unusable identities instead of guessing', async () => {
    const store = await freshStore();
    const { ig } = await channels(store);
    const result = await store.resolveThread(
      ig.id,
      { hostThreadId: '1' },
      {
        identities: [
          { kind: 'phone', value: '12345' },
          { kind: 'email', value: 'not an email' },
          { kind: 'ig_username', value: 'ok_name' },
        ],
      },
    );
    expect(result.rejected.map((r) => r.reason)).toEqual(['invalid', 'invalid']);
    expect((await store.getCustomerView(result.customerId!))?.identities).toHaveLength(1);
  });
});

describe('shared family phone', () => {
  it('merges on the shared number but flags it, and one click restores both people exactly', async () => {
    const store = await freshStore();
    const { wa, fb } = await channels(store);
    const maria = await store.resolveThread(
      wa.id,
      { hostThreadId: '5511987654321@c.us' },
      {
        displayName: 'Maria Silva',
        identities: [{ kind: 'wa_jid', value: '5511987654321@c.us' }],
      },
    );
    const joaoThread = { hostThreadId: '888' };
    const joao = await store.resolveThread(fb.id, joaoThread, {
      displayName: 'João Silva',
      identities: [{ kind: 'messenger_thread', value: '888' }],
    });
    await store.ingestMessages(fb.id, joaoThread, textMessages('joao', 4, NOW - 3 * DAY));
    await store.addNote(joao.customerId!, 'João: size 42');
    await store.addTag(joao.customerId!, 'returns');
    await store.setPriority(joao.customerId!, 'high');
    const joaoBefore = await snapshot(store, joao.customerId!);
    const mariaBefore = await snapshot(store, maria.customerId!);

    // Later João gives the family's number on Messenger.
    const merged = await store.resolveThread(fb.id, joaoThread, {
      identities: [{ kind: 'phone', value: '+55 11 98765-4321' }],
    });
    expect(merged.customerId).toBe(maria.customerId);
    expect(merged.merges[0]?.flagged).toBe('names-differ');
    const view = await store.getCustomerView(maria.customerId!);
    expect(view?.customer).toMatchObject({ name: 'Maria Silva', aliases: ['João Silva'], priority: 'high' });
    expect(view?.flaggedMerges).toEqual([
      expect.objectContaining({
        id: merged.merges[0]?.mergeId,
        absorbedName: 'João Silva',
        flagged: 'names-differ',
      }),
    ]);
    expect(view?.notes.map((n) => n.text)).toEqual(['João: size 42']);

    await store.undoMerge(merged.merges[0]!.mergeId);
    expect(await snapshot(store, joao.customerId!)).toEqual(joaoBefore);
    expect(await snapshot(store, maria.customerId!)).toEqual(mariaBefore);
    expect((await store.getCustomerView(maria.customerId!))?.flaggedMerges).toEqual([]);

    // Seeing the same number again does not silently merge them back.
    const again = await store.resolveThread(fb.id, joaoThread, {
      identities: [{ kind: 'phone', value: '+5511987654321' }],
    });
    expect(again.customerId).toBe(joao.customerId);
    expect(again.merges).toEqual([]);
    await expect(store.undoMerge(merged.merges[0]!.mergeId)).rejects.toThrow(/already undone/);
  });
});

describe('weak signals become suggestions', () => {
  it('proposes, but never merges, two people with the same name', async () => {
    const store = await freshStore();
    const { wa, ig } = await channels(store);
    const first = await store.resolveThread(
      wa.id,
      { hostThreadId: '5511987654321@c.us' },
      {
        displayName: 'Ana Souza',
        identities: [{ kind: 'wa_jid', value: '5511987654321@c.us' }],
      },
    );
    const second = await store.resolveThread(
      ig.id,
      { hostThreadId: '9' },
      {
        displayName: 'ána  SOUZA',
        identities: [{ kind: 'ig_username', value: 'ana_from_rio' }],
      },
    );
    expect(second.customerId).not.toBe(first.customerId);
    expect(second.newSuggestions).toBe(1);
    const suggestions = await store.listSuggestions(first.customerId!);
    expect(suggestions).toHaveLength(1);
    expect(suggestions[0]).toMatchObject({
      reasons: [{ reason: 'similar-name' }],
      other: { id: second.customerId },
    });

    await store.dismissSuggestion(suggestions[0]!.id);
    expect(await store.listSuggestions(first.customerId!)).toEqual([]);
    // Seen again: a dismissed pair is not proposed again.
    await store.resolveThread(ig.id, { hostThreadId: '9' }, { displayName: 'Ana Souza', identities: [] });
    expect(await store.listSuggestions(second.customerId!)).toEqual([]);
    expect(await store.db.customers.count()).toBe(2);
  });

  it('confirms a suggestion with one click and can undo it', async () => {
    const store = await freshStore();
    const { wa, ig } = await channels(store);
    const first = await store.resolveThread(
      wa.id,
      { hostThreadId: '5511987654321@c.us' },
      {
        displayName: 'Jon Smith',
        identities: [{ kind: 'wa_jid', value: '5511987654321@c.us' }],
      },
    );
    const second = await store.resolveThread(
      ig.id,
      { hostThreadId: '9' },
      {
        displayName: 'John Smith',
        identities: [{ kind: 'ig_username', value: 'jsmith' }],
      },
    );
    const [suggestion] = await store.listSuggestions(second.customerId!);
    const merge = await store.confirmSuggestion(suggestion!.id);
    expect(merge).toMatchObject({ survivorId: first.customerId, absorbedId: second.customerId });
    expect((await store.getCustomerView(first.customerId!))?.identities).toHaveLength(3);
    await store.undoMerge(merge.mergeId);
    expect((await store.getCustomerView(second.customerId!))?.identities.map((i) => i.value)).toEqual([
      'jsmith',
    ]);
  });

  it('suggests a link when an order number typed on one channel was typed on another', async () => {
    const store = await freshStore();
    const { wa, ig } = await channels(store);
    const waThread = { hostThreadId: '5511987654321@c.us' };
    const igThread = { hostThreadId: '55' };
    const a = await store.resolveThread(wa.id, waThread, {
      displayName: 'Ana',
      identities: [{ kind: 'wa_jid', value: '5511987654321@c.us' }],
    });
    const b = await store.resolveThread(ig.id, igThread, {
      displayName: 'Carla',
      identities: [{ kind: 'ig_username', value: 'carla' }],
    });
    await store.ingestMessages(wa.id, waThread, [
      { hostId: '1', direction: 'in', text: 'Cadê meu pedido #A-10293?', timestamp: NOW - DAY },
    ]);
    await store.ingestMessages(ig.id, igThread, [
      { hostId: '2', direction: 'in', text: 'any news on #a-10293', timestamp: NOW },
    ]);
    const suggestions = await store.listSuggestions(b.customerId!);
    expect(suggestions).toHaveLength(1);
    expect(suggestions[0]).toMatchObject({
      reasons: [{ reason: 'typed-identifier', detail: 'order:A-10293' }],
      other: { id: a.customerId },
    });
    expect(await store.db.customers.count()).toBe(2);
  });

  it('suggests a link when a customer types a number that is another customer’s WhatsApp', async () => {
    const store = await freshStore();
    const { wa, fb } = await channels(store);
    const a = await store.resolveThread(
      wa.id,
      { hostThreadId: '5511987654321@c.us' },
      {
        displayName: 'Ana',
        identities: [{ kind: 'wa_jid', value: '5511987654321@c.us' }],
      },
    );
    const fbThread = { hostThreadId: '31' };
    const b = await store.resolveThread(fb.id, fbThread, {
      displayName: 'Ana S.',
      identities: [{ kind: 'messenger_thread', value: '31' }],
    });
    await store.ingestMessages(fb.id, fbThread, [
      { hostId: 'x', direction: 'in', text: 'me chama no zap (11) 98765-4321', timestamp: NOW },
      { hostId: 'y', direction: 'out', text: 'ok! nosso número é (11) 90000-0000', timestamp: NOW + MINUTE },
    ]);
    const suggestions = await store.listSuggestions(b.customerId!);
    expect(suggestions.map((s) => [s.other?.id, s.reasons[0]?.detail])).toEqual([
      [a.customerId, 'phone:+5511987654321'],
    ]);
  });
});

describe('link, unlink, undo', () => {
  it('splits a wrongly merged identity with its threads, and undo rejoins exactly', async () => {
    const store = await freshStore();
    const { wa, ig } = await channels(store);
    const waThread = { hostThreadId: '5511987654321@c.us' };
    const igThread = { hostThreadId: '3402', title: 'carla.r' };
    const a = await store.resolveThread(wa.id, waThread, {
      displayName: 'Ana',
      identities: [{ kind: 'wa_jid', value: '5511987654321@c.us' }],
    });
    const b = await store.resolveThread(ig.id, igThread, {
      displayName: 'Carla',
      identities: [{ kind: 'ig_username', value: 'carla.r' }],
    });
    await store.ingestMessages(wa.id, waThread, textMessages('wa', 2, NOW));
    await store.ingestMessages(ig.id, igThread, textMessages('ig', 3, NOW));
    await store.link(a.customerId!, b.customerId!);
    const before = await snapshot(store, a.customerId!);

    const view = await store.getCustomerView(a.customerId!);
    const igIdentity = view!.identities.find((i) => i.kind === 'ig_username')!;
    const split = await store.unlink(igIdentity.id);
    const splitView = await store.getCustomerView(split.newCustomerId);
    expect(splitView?.identities.map((i) => i.value)).toEqual(['carla.r']);
    expect(splitView?.stats.messageCount).toBe(3);
    expect((await store.getCustomerView(a.customerId!))?.stats.messageCount).toBe(2);

    await store.undoMerge(split.mergeId);
    expect(await snapshot(store, a.customerId!)).toEqual(before);
    expect(await store.getCustomerView(split.newCustomerId)).toBeNull();
  });

  it('refuses to split a customer’s only identity, and to undo out of order', async () => {
    const store = await freshStore();
    const { wa, ig, fb } = await channels(store);
    const a = await store.resolveThread(
      wa.id,
      { hostThreadId: '5511987654321@c.us' },
      { identities: [{ kind: 'wa_jid', value: '5511987654321@c.us' }] },
    );
    const b = await store.resolveThread(
      ig.id,
      { hostThreadId: '1' },
      { identities: [{ kind: 'ig_username', value: 'bee' }] },
    );
    const c = await store.resolveThread(
      fb.id,
      { hostThreadId: '2' },
      { identities: [{ kind: 'messenger_thread', value: '2' }] },
    );
    const only = (await store.getCustomerView(b.customerId!))!.identities[0]!;
    await expect(store.unlink(only.id)).rejects.toThrow(/nothing to split/);

    const first = await store.link(b.customerId!, c.customerId!); // b absorbs c
    const second = await store.link(a.customerId!, b.customerId!); // a absorbs b
    await expect(store.undoMerge(first.mergeId)).rejects.toThrow(/undo that merge first/);
    await store.undoMerge(second.mergeId);
    await store.undoMerge(first.mergeId);
    expect(await store.db.customers.count()).toBe(3);
  });
});
