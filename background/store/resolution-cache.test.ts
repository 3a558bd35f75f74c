import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { Store } from './store';
import { freshStore, tickingStore } from './test-helpers';

const WA_THREAD = { hostThreadId: '5511987654321@c.us' };
const IG_THREAD = { hostThreadId: '9' };
const waOptions = {
  displayName: 'Ana',
  identities: [{ kind: 'wa_jid' as const, value: WA_THREAD.hostThreadId }],
};
const igOptions = { displayName: 'Ana', identities: [{ kind: 'ig_username' as const, value: 'ana' }] };

async function twoCustomers(store: Store) {
  const wa = await store.upsertAccount({ channel: 'whatsapp', hostAccountId: 'shop', region: 'BR' });
  const ig = await store.upsertAccount({ channel: 'instagram', hostAccountId: 'shop', region: 'BR' });
  // The Instagram customer is older, so it survives a link.
  const older = await store.resolveThread(ig.id, IG_THREAD, igOptions);
  const newer = await store.resolveThread(wa.id, WA_THREAD, waOptions);
  return { wa, ig, older: older.customerId!, newer: newer.customerId! };
}

/** What a capture of the WhatsApp thread resolves to now, and what the thread row says. */
async function resolveWa(store: Store, accountId: string) {
  const result = await store.resolveThread(accountId, WA_THREAD, waOptions);
  const row = await store.findThread(accountId, WA_THREAD.hostThreadId);
  return { answer: result.customerId, stored: row?.customerId ?? null };
}

describe('remembered thread resolutions', () => {
  it('answer a repeated capture without new customers, merges or writes', async () => {
    const store = await tickingStore();
    const { wa, newer } = await twoCustomers(store);
    const threadBefore = await store.findThread(wa.id, WA_THREAD.hostThreadId);
    const again = await store.resolveThread(wa.id, WA_THREAD, waOptions);
    expect(again).toMatchObject({ customerId: newer, createdCustomer: false, merges: [], newSuggestions: 0 });
    expect(await store.findThread(wa.id, WA_THREAD.hostThreadId)).toEqual(threadBefore);
  });

  it('follow a link (merge) and its undo', async () => {
    const store = await tickingStore();
    const { wa, older, newer } = await twoCustomers(store);
    await resolveWa(store, wa.id);
    const merge = await store.link(newer, older);
    expect(await resolveWa(store, wa.id)).toEqual({ answer: older, stored: older });
    await store.undoMerge(merge.mergeId);
    expect(await resolveWa(store, wa.id)).toEqual({ answer: newer, stored: newer });
  });

  it('follow a confirmed suggestion', async () => {
    const store = await tickingStore();
    const { wa, older, newer } = await twoCustomers(store);
    await resolveWa(store, wa.id);
    const [suggestion] = await store.listSuggestions(newer);
    expect(suggestion).toBeDefined();
    await store.confirmSuggestion(suggestion!.id);
    expect(await resolveWa(store, wa.id)).toEqual({ answer: older, stored: older });
  });

  it('follow a split (unlink) and its undo', async () => {
    const store = await tickingStore();
    const { wa, older, newer } = await twoCustomers(store);
    await store.link(newer, older);
    expect((await resolveWa(store, wa.id)).answer).toBe(older);
    const jid = (await store.getCustomerView(older))?.identities.find((i) => i.kind === 'wa_jid');
    const split = await store.unlink(jid!.id);
    expect(await resolveWa(store, wa.id)).toEqual({
      answer: split.newCustomerId,
      stored: split.newCustomerId,
    });
    await store.undoMerge(split.mergeId);
    expect(await resolveWa(store, wa.id)).toEqual({ answer: older, stored: older });
  });

  it('follow an erased customer: the next capture makes a new one', async () => {
    const store = await tickingStore();
    const { wa, newer } = await twoCustomers(store);
    await resolveWa(store, wa.id);
    await store.deleteCustomer(newer);
    const after = await resolveWa(store, wa.id);
    expect(after.answer).not.toBe(newer);
    expect(after.stored).toBe(after.answer);
    expect(await store.db.customers.get(after.answer!)).toBeDefined();
  });

  it('follow a handle the agent added that belongs to another customer', async () => {
    const store = await tickingStore();
    const { wa, older, newer } = await twoCustomers(store);
    await resolveWa(store, wa.id);
    await store.addIdentity(older, { kind: 'wa_jid', value: WA_THREAD.hostThreadId });
    expect(await resolveWa(store, wa.id)).toEqual({ answer: older, stored: older });
    expect(await store.db.customers.get(newer)).toBeUndefined();
  });

  it('are not remembered when the transaction around them rolls back', async () => {
    const store = await freshStore();
    const wa = await store.upsertAccount({ channel: 'whatsapp', hostAccountId: 'shop', region: 'BR' });
    await expect(
      store.db.transaction('rw', store.db.tables, async () => {
        await store.resolveThread(wa.id, WA_THREAD, waOptions);
        throw new Error('the ingest after it failed');
      }),
    ).rejects.toThrow('the ingest after it failed');
    const after = await resolveWa(store, wa.id);
    expect(after.answer).not.toBeNull();
    expect(after.stored).toBe(after.answer);
  });

  it('are made again after the account region changes (handles normalise by region)', async () => {
    const store = await freshStore();
    const { wa } = await twoCustomers(store);
    const resolves = vi.spyOn(store.db.threads, 'update');
    await resolveWa(store, wa.id);
    expect(resolves).not.toHaveBeenCalled();
    // The same account again: nothing changed, nothing forgotten.
    await store.upsertAccount({ channel: 'whatsapp', hostAccountId: 'shop', region: 'BR' });
    await resolveWa(store, wa.id);
    expect(resolves).not.toHaveBeenCalled();
    await store.upsertAccount({ channel: 'whatsapp', hostAccountId: 'shop', region: 'PT' });
    await resolveWa(store, wa.id);
    expect(resolves).toHaveBeenCalled();
  });
});
