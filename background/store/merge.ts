/**
 * Merging, splitting and undoing. Each function runs inside the caller's transaction and writes
 * a mergeHistory record holding exactly what undo needs: merging re-points rows (identities,
 * threads, notes, tags) and never deletes a message, note or tag that undo could not put back.
 */
import { nameKey } from '../identity/names';
import { recomputeContacts } from './contacts';
import { StoreStateError } from './inputs';
import { newId, pairKey } from './keys';
import {
  type CustomerRecord,
  type MergeHistoryMerge,
  type MergeHistoryUnlink,
  type MergeKind,
  PRIORITY_ORDER,
  type Priority,
  type SuggestionRecord,
} from './records';
import type { SwitchboardDb } from './schema';

function higherPriority(a: Priority, b: Priority): Priority {
  return PRIORITY_ORDER.indexOf(a) >= PRIORITY_ORDER.indexOf(b) ? a : b;
}

async function requireCustomer(db: SwitchboardDb, id: string): Promise<CustomerRecord> {
  const customer = await db.customers.get(id);
  if (!customer) throw new StoreStateError(`No customer ${id}`);
  return customer;
}

async function suggestionsOf(db: SwitchboardDb, customerId: string): Promise<SuggestionRecord[]> {
  const [asA, asB] = await Promise.all([
    db.suggestions.where('a').equals(customerId).toArray(),
    db.suggestions.where('b').equals(customerId).toArray(),
  ]);
  return [...asA, ...asB];
}

export interface MergeOptions {
  kind: MergeKind;
  reason: string;
  flagged: MergeHistoryMerge['flagged'];
  now: number;
}

/** Moves everything of `absorbedId` onto `survivorId` and deletes the absorbed customer record. */
export async function mergeCustomers(
  db: SwitchboardDb,
  survivorId: string,
  absorbedId: string,
  options: MergeOptions,
): Promise<MergeHistoryMerge> {
  if (survivorId === absorbedId) throw new StoreStateError('Cannot merge a customer with itself');
  const survivor = await requireCustomer(db, survivorId);
  const absorbed = await requireCustomer(db, absorbedId);

  const [identityIds, threadIds, noteIds, absorbedTags, survivorTags, suggestions] = await Promise.all([
    db.identities.where('customerId').equals(absorbedId).primaryKeys(),
    db.threads.where('customerId').equals(absorbedId).primaryKeys(),
    db.notes.where('customerId').equals(absorbedId).primaryKeys(),
    db.tags.where('customerId').equals(absorbedId).toArray(),
    db.tags.where('customerId').equals(survivorId).toArray(),
    suggestionsOf(db, absorbedId),
  ]);

  await db.identities.where('customerId').equals(absorbedId).modify({ customerId: survivorId });
  await db.threads.where('customerId').equals(absorbedId).modify({ customerId: survivorId });
  await db.notes.where('customerId').equals(absorbedId).modify({ customerId: survivorId });

  const survivorTagNames = new Set(survivorTags.map((tag) => tag.tag));
  const movedTags = absorbedTags.filter((tag) => !survivorTagNames.has(tag.tag));
  await db.tags.bulkDelete(absorbedTags.map((tag) => [absorbedId, tag.tag] as [string, string]));
  await db.tags.bulkAdd(movedTags.map((tag) => ({ ...tag, customerId: survivorId })));

  // The absorbed customer's open suggestions with third parties carry over to the survivor.
  await db.suggestions.bulkDelete(suggestions.map((s) => s.id));
  const createdSuggestionIds: string[] = [];
  for (const suggestion of suggestions) {
    const other = suggestion.a === absorbedId ? suggestion.b : suggestion.a;
    if (other === survivorId || suggestion.status !== 'open') continue;
    const [id, a, b] = pairKey(survivorId, other);
    if (await db.suggestions.get(id)) continue;
    await db.suggestions.add({ ...suggestion, id, a, b });
    createdSuggestionIds.push(id);
  }

  const aliases = [...survivor.aliases, ...absorbed.aliases];
  if (absorbed.name && absorbed.name !== survivor.name) aliases.push(absorbed.name);
  const name = survivor.name ?? absorbed.name;
  const merged: CustomerRecord = {
    ...survivor,
    name,
    nameKey: nameKey(name),
    aliases: [...new Set(aliases)].filter((alias) => alias !== name),
    priority: higherPriority(survivor.priority, absorbed.priority),
    keepApart: [...new Set([...survivor.keepApart, ...absorbed.keepApart])].filter(
      (id) => id !== survivorId && id !== absorbedId,
    ),
  };
  await db.customers.put(merged);
  await db.customers.delete(absorbedId);
  await recomputeContacts(db, survivorId);

  const record: MergeHistoryMerge = {
    id: newId(),
    at: options.now,
    customerIds: [survivorId, absorbedId],
    undoneAt: null,
    kind: options.kind,
    survivorId,
    absorbedId,
    reason: options.reason,
    flagged: options.flagged,
    before: { survivor, absorbed, absorbedTags, suggestions },
    moved: { identityIds, threadIds, noteIds, tags: movedTags.map((tag) => tag.tag) },
    createdSuggestionIds,
  };
  await db.mergeHistory.add(record);
  return record;
}

/**
 * While merged, a thread may have been seen with handles of the other side (the shared phone);
 * after a split each thread keeps only handles of its own customer, as before the merge.
 */
async function forgetForeignIdentities(db: SwitchboardDb, customerId: string): Promise<void> {
  const own = new Set(await db.identities.where('customerId').equals(customerId).primaryKeys());
  await db.threads
    .where('customerId')
    .equals(customerId)
    .modify((thread) => {
      thread.identityIds = thread.identityIds.filter((id) => own.has(id));
    });
}

/**
 * Puts the absorbed customer back exactly as it was, with the identities, threads, notes and
 * tags it brought, and tells both customers to stay apart so the same merge is not redone.
 */
export async function undoMerge(db: SwitchboardDb, record: MergeHistoryMerge, now: number): Promise<void> {
  const { survivorId, absorbedId } = record;
  const survivor = await db.customers.get(survivorId);
  if (!survivor) {
    throw new StoreStateError(`Customer ${survivorId} was merged again since; undo that merge first`);
  }
  if (await db.customers.get(absorbedId)) throw new StoreStateError(`Customer ${absorbedId} already exists`);

  await db.customers.put({
    ...record.before.absorbed,
    keepApart: [...new Set([...record.before.absorbed.keepApart, survivorId])],
  });
  await db.customers.put({
    ...record.before.survivor,
    keepApart: [...new Set([...record.before.survivor.keepApart, absorbedId])],
  });
  await db.identities.where('id').anyOf(record.moved.identityIds).modify({ customerId: absorbedId });
  await db.threads.where('id').anyOf(record.moved.threadIds).modify({ customerId: absorbedId });
  await db.notes.where('id').anyOf(record.moved.noteIds).modify({ customerId: absorbedId });
  await db.tags.bulkDelete(record.moved.tags.map((tag) => [survivorId, tag] as [string, string]));
  await db.tags.bulkPut(record.before.absorbedTags);
  await db.suggestions.bulkDelete(record.createdSuggestionIds);
  await db.suggestions.bulkPut(record.before.suggestions);
  await forgetForeignIdentities(db, survivorId);
  await forgetForeignIdentities(db, absorbedId);
  await recomputeContacts(db, survivorId);
  await recomputeContacts(db, absorbedId);
  await db.mergeHistory.update(record.id, { undoneAt: now });
}

/**
 * Splits one identity off its customer into a new customer, together with the threads that
 * carry it and the identities seen only on those threads (a JID and the phone derived from it
 * travel together). Notes and tags stay: they cannot be attributed to one handle.
 */
export async function unlinkIdentity(
  db: SwitchboardDb,
  identityId: string,
  now: number,
): Promise<MergeHistoryUnlink> {
  const identity = await db.identities.get(identityId);
  if (!identity) throw new StoreStateError(`No identity ${identityId}`);
  const source = await requireCustomer(db, identity.customerId);
  const threads = await db.threads.where('customerId').equals(source.id).toArray();
  const movingThreads = threads.filter((thread) => thread.identityIds.includes(identityId));
  const stayingThreads = threads.filter((thread) => !thread.identityIds.includes(identityId));
  const stillUsed = new Set(stayingThreads.flatMap((thread) => thread.identityIds));
  const ownIdentityIds = new Set(await db.identities.where('customerId').equals(source.id).primaryKeys());
  const movingIdentityIds = [
    ...new Set([identityId, ...movingThreads.flatMap((thread) => thread.identityIds)]),
  ].filter((id) => ownIdentityIds.has(id) && (id === identityId || !stillUsed.has(id)));
  if (movingIdentityIds.length === ownIdentityIds.size && movingThreads.length === threads.length) {
    throw new StoreStateError('This identity is all the customer has; there is nothing to split');
  }

  const newCustomerId = newId();
  const title = movingThreads.find((thread) => thread.title)?.title ?? null;
  const created: CustomerRecord = {
    id: newCustomerId,
    workspace: source.workspace,
    name: title,
    nameKey: nameKey(title),
    aliases: [],
    priority: 'normal',
    createdAt: now,
    firstContact: null,
    lastContact: null,
    keepApart: [source.id],
  };
  await db.customers.add(created);
  await db.customers.update(source.id, { keepApart: [...new Set([...source.keepApart, newCustomerId])] });
  await db.identities.where('id').anyOf(movingIdentityIds).modify({ customerId: newCustomerId });
  await db.threads
    .where('id')
    .anyOf(movingThreads.map((thread) => thread.id))
    .modify({ customerId: newCustomerId });
  await recomputeContacts(db, source.id);
  await recomputeContacts(db, newCustomerId);

  const record: MergeHistoryUnlink = {
    id: newId(),
    at: now,
    customerIds: [source.id, newCustomerId],
    undoneAt: null,
    kind: 'unlink',
    sourceId: source.id,
    newCustomerId,
    identityId,
    before: { source },
    moved: { identityIds: movingIdentityIds, threadIds: movingThreads.map((thread) => thread.id) },
  };
  await db.mergeHistory.add(record);
  return record;
}

/** Rejoins a split. Anything the split-off customer gained since (notes, tags) comes along. */
export async function undoUnlink(db: SwitchboardDb, record: MergeHistoryUnlink, now: number): Promise<void> {
  const { sourceId, newCustomerId } = record;
  const source = await db.customers.get(sourceId);
  if (!source) throw new StoreStateError(`Customer ${sourceId} was merged since; undo that merge first`);
  const split = await db.customers.get(newCustomerId);
  if (!split) throw new StoreStateError(`Customer ${newCustomerId} was merged or deleted since`);
  await db.identities.where('customerId').equals(newCustomerId).modify({ customerId: sourceId });
  await db.threads.where('customerId').equals(newCustomerId).modify({ customerId: sourceId });
  await db.notes.where('customerId').equals(newCustomerId).modify({ customerId: sourceId });
  const splitTags = await db.tags.where('customerId').equals(newCustomerId).toArray();
  await db.tags.bulkDelete(splitTags.map((tag) => [newCustomerId, tag.tag] as [string, string]));
  await db.tags.bulkPut(splitTags.map((tag) => ({ ...tag, customerId: sourceId })));
  await db.suggestions.bulkDelete((await suggestionsOf(db, newCustomerId)).map((s) => s.id));
  await db.customers.delete(newCustomerId);
  await db.customers.update(sourceId, {
    keepApart: source.keepApart.filter((id) => id !== newCustomerId),
    priority: higherPriority(source.priority, split.priority),
  });
  await recomputeContacts(db, sourceId);
  await db.mergeHistory.update(record.id, { undoneAt: now });
}
