/**
 * Weak signals become suggestions an agent confirms with one click: similar names, and an
 * identifier typed in one conversation that is another customer's handle or was typed there too.
 */
import { NAME_SUGGESTION_THRESHOLD, nameSimilarity } from '../identity/names';
import { pairKey } from './keys';
import type { CustomerRecord, MentionRecord, SuggestionReason } from './records';
import type { SwitchboardDb } from './schema';

async function keptApart(db: SwitchboardDb, first: string, second: string): Promise<boolean> {
  const [a, b] = await db.customers.bulkGet([first, second]);
  if (!a || !b) return true;
  return a.keepApart.includes(second) || b.keepApart.includes(first);
}

/** Adds (or strengthens) the suggestion that two customers are one. Never revives a decided one. */
export async function upsertSuggestion(
  db: SwitchboardDb,
  workspace: string,
  first: string,
  second: string,
  reason: { reason: SuggestionReason; detail: string },
  score: number,
  now: number,
): Promise<boolean> {
  if (first === second || (await keptApart(db, first, second))) return false;
  const [id, a, b] = pairKey(first, second);
  const existing = await db.suggestions.get(id);
  if (existing) {
    if (existing.status !== 'open') return false;
    const known = existing.reasons.some((r) => r.reason === reason.reason && r.detail === reason.detail);
    if (known && existing.score >= score) return false;
    await db.suggestions.put({
      ...existing,
      reasons: known ? existing.reasons : [...existing.reasons, reason],
      score: Math.max(existing.score, score),
    });
    return true;
  }
  await db.suggestions.add({
    id,
    workspace,
    a,
    b,
    reasons: [reason],
    score,
    status: 'open',
    createdAt: now,
    decidedAt: null,
  });
  return true;
}

/** Compares one customer's name with every other customer of the workspace. */
export async function suggestByName(
  db: SwitchboardDb,
  customer: CustomerRecord,
  now: number,
): Promise<number> {
  if (customer.nameKey === '') return 0;
  let added = 0;
  const others = await db.customers.where('workspace').equals(customer.workspace).toArray();
  for (const other of others) {
    if (other.id === customer.id || other.nameKey === '') continue;
    const score = nameSimilarity(customer.name, other.name);
    if (score < NAME_SUGGESTION_THRESHOLD) continue;
    const detail = `${customer.name} ~ ${other.name}`;
    if (
      await upsertSuggestion(
        db,
        customer.workspace,
        customer.id,
        other.id,
        { reason: 'similar-name', detail },
        score,
        now,
      )
    ) {
      added++;
    }
  }
  return added;
}

/** Typed identifiers → suggestions with the customers that own or also typed them. */
export async function suggestFromMentions(
  db: SwitchboardDb,
  mentions: readonly MentionRecord[],
  now: number,
): Promise<number> {
  let added = 0;
  const customerOfThread = new Map<string, string | null>();
  const customerOf = async (threadId: string) => {
    if (!customerOfThread.has(threadId)) {
      customerOfThread.set(threadId, (await db.threads.get(threadId))?.customerId ?? null);
    }
    return customerOfThread.get(threadId) ?? null;
  };
  for (const mention of mentions) {
    const customerId = await customerOf(mention.threadId);
    if (!customerId) continue;
    const key: [string, string, string] = [mention.workspace, mention.kind, mention.value];
    const owners =
      mention.kind === 'order'
        ? []
        : await db.identities.where('[workspace+kind+value]').equals(key).toArray();
    const elsewhere = await db.mentions.where('[workspace+kind+value]').equals(key).toArray();
    const candidates = new Set(owners.map((identity) => identity.customerId));
    for (const other of elsewhere) {
      if (other.threadId === mention.threadId) continue;
      const otherCustomer = await customerOf(other.threadId);
      if (otherCustomer) candidates.add(otherCustomer);
    }
    for (const candidate of candidates) {
      const reason = { reason: 'typed-identifier' as const, detail: `${mention.kind}:${mention.value}` };
      // An order number is specific to one purchase; a typed phone may be a friend's.
      const score = mention.kind === 'order' ? 0.9 : 0.8;
      if (await upsertSuggestion(db, mention.workspace, customerId, candidate, reason, score, now)) added++;
    }
  }
  return added;
}
