/**
 * Finds or creates the customer behind a thread from the identities the page (or the Business
 * API) revealed, merging automatically on strong matches: the exact same handle, or a shared
 * normalized phone / email / wa_id↔JID. A merge between customers whose names disagree (a family
 * phone) still happens — the handles really are shared — but it is flagged for review and one
 * click undoes it exactly, after which the two are kept apart.
 */
import { nameKey, namesCompatible } from '../identity/names';
import {
  type IdentityKey,
  identityKeyString,
  type NormalizedIdentity,
  normalizeIdentity,
  type RawIdentity,
} from '../identity/normalize';
import { recomputeContacts } from './contacts';
import { ensureThread, type ParsedThread } from './ingest';
import { newId } from './keys';
import { mergeCustomers } from './merge';
import type {
  AccountRecord,
  CustomerRecord,
  IdentityRecord,
  IdentitySource,
  MergeHistoryMerge,
} from './records';
import type { SwitchboardDb } from './schema';
import { suggestByName, suggestFromMentions } from './suggestions';

export interface ResolveThreadResult {
  threadId: string;
  /** null for group threads. */
  customerId: string | null;
  createdCustomer: boolean;
  /** Automatic merges done now; `flagged` ones should be shown to the agent with an undo. */
  merges: Array<{
    mergeId: string;
    survivorId: string;
    absorbedId: string;
    reason: string;
    flagged: MergeHistoryMerge['flagged'];
  }>;
  /** Identities that could not be used (invalid phone, a group JID, …), with why. */
  rejected: Array<{ raw: RawIdentity; reason: string }>;
  newSuggestions: number;
}

async function ownersOf(db: SwitchboardDb, workspace: string, identity: NormalizedIdentity) {
  const keys: IdentityKey[] = [identity, ...identity.sameAs];
  const found: Array<{ record: IdentityRecord; via: string }> = [];
  for (const key of keys) {
    const record = await db.identities
      .where('[workspace+kind+value]')
      .equals([workspace, key.kind, key.value])
      .first();
    if (record) found.push({ record, via: identityKeyString(key) });
  }
  return found;
}

function isPlaceholderName(name: string | null): boolean {
  return name === null || nameKey(name) === '';
}

export async function resolveThreadInTx(
  db: SwitchboardDb,
  account: AccountRecord,
  threadInput: ParsedThread,
  displayName: string | null,
  rawIdentities: readonly RawIdentity[],
  source: IdentitySource,
  now: number,
): Promise<ResolveThreadResult> {
  const thread = await ensureThread(db, account, threadInput);
  const result: ResolveThreadResult = {
    threadId: thread.id,
    customerId: null,
    createdCustomer: false,
    merges: [],
    rejected: [],
    newSuggestions: 0,
  };
  if (thread.isGroup) {
    result.rejected = rawIdentities.map((raw) => ({ raw, reason: 'group thread' }));
    return result;
  }

  const normalized = new Map<string, NormalizedIdentity>();
  for (const raw of rawIdentities) {
    const outcome = normalizeIdentity(raw, { region: account.region, accountId: account.id });
    if (!outcome.ok) {
      result.rejected.push({ raw, reason: outcome.reason });
      continue;
    }
    for (const identity of outcome.identities) normalized.set(identityKeyString(identity), identity);
  }

  // Who already owns any of these handles?
  const matches: Array<{ record: IdentityRecord; via: string }> = [];
  for (const identity of normalized.values())
    matches.push(...(await ownersOf(db, account.workspace, identity)));

  let customer: CustomerRecord | undefined = thread.customerId
    ? await db.customers.get(thread.customerId)
    : undefined;
  const ownerIds = [...new Set(matches.map((match) => match.record.customerId))];
  const owners = (await db.customers.bulkGet(ownerIds)).filter((c): c is CustomerRecord => c !== undefined);
  if (!customer) {
    // The oldest owner survives merges, so pick it as the home of this thread.
    customer = owners.sort((a, b) => a.createdAt - b.createdAt)[0];
  }
  if (!customer) {
    customer = {
      id: newId(),
      workspace: account.workspace,
      name: displayName,
      nameKey: nameKey(displayName),
      aliases: [],
      priority: 'normal',
      createdAt: now,
      firstContact: null,
      lastContact: null,
      keepApart: [],
    };
    await db.customers.add(customer);
    result.createdCustomer = true;
  }

  for (const owner of owners) {
    if (owner.id === customer.id) continue;
    const current: CustomerRecord | undefined = await db.customers.get(customer.id);
    const other: CustomerRecord | undefined = await db.customers.get(owner.id);
    if (!current || !other) continue;
    if (current.keepApart.includes(other.id) || other.keepApart.includes(current.id)) continue;
    const [survivor, absorbed]: [CustomerRecord, CustomerRecord] =
      current.createdAt <= other.createdAt ? [current, other] : [other, current];
    const reason = matches
      .filter((match) => match.record.customerId === other.id)
      .map((match) => match.via)
      .join(', ');
    const namesOk =
      namesCompatible(survivor.name, absorbed.name) && namesCompatible(survivor.name, displayName);
    const record = await mergeCustomers(db, survivor.id, absorbed.id, {
      kind: 'auto',
      reason,
      flagged: namesOk ? null : 'names-differ',
      now,
    });
    result.merges.push({
      mergeId: record.id,
      survivorId: survivor.id,
      absorbedId: absorbed.id,
      reason,
      flagged: record.flagged,
    });
    customer = (await db.customers.get(survivor.id)) ?? survivor;
  }

  // Attach handles nobody owns yet; handles owned by a kept-apart customer stay where they are.
  const threadIdentityIds = new Set(thread.identityIds);
  for (const identity of normalized.values()) {
    const existing = await db.identities
      .where('[workspace+kind+value]')
      .equals([account.workspace, identity.kind, identity.value])
      .first();
    if (existing) {
      if (existing.customerId === customer.id) threadIdentityIds.add(existing.id);
      continue;
    }
    const record: IdentityRecord = {
      id: newId(),
      workspace: account.workspace,
      customerId: customer.id,
      kind: identity.kind,
      value: identity.value,
      sameAs: identity.sameAs,
      channel: account.channel,
      source,
      createdAt: now,
    };
    await db.identities.add(record);
    threadIdentityIds.add(record.id);
  }

  await db.threads.update(thread.id, { customerId: customer.id, identityIds: [...threadIdentityIds] });
  let nameChanged = false;
  if (displayName && isPlaceholderName(customer.name) && !isPlaceholderName(displayName)) {
    await db.customers.update(customer.id, { name: displayName, nameKey: nameKey(displayName) });
    nameChanged = true;
  }
  if (thread.customerId !== customer.id) await recomputeContacts(db, customer.id);

  const fresh = (await db.customers.get(customer.id))!;
  if (result.createdCustomer || nameChanged) result.newSuggestions += await suggestByName(db, fresh, now);
  if (thread.customerId !== customer.id) {
    const mentions = await db.mentions.where('threadId').equals(thread.id).toArray();
    result.newSuggestions += await suggestFromMentions(db, mentions, now);
  }
  result.customerId = customer.id;
  return result;
}
