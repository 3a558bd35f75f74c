/**
 * The customer half of the background API: what the sidebar reads and edits. Every write goes
 * through the Store (one committed transaction each) and then tells every sidebar showing an
 * affected customer to re-read, because a merge in one tab changes the customer of another.
 */
import type { CustomerMethods, HostState } from '../extension/api/protocol';
import { conversationIdentities, hostAccountId, threadInput } from './capture-ingest';
import type { CustomerTabs } from './customer-tabs';
import type { CustomerOpening, CustomerSnapshot, UndoableChange } from './customer-types';
import type { PriorityRule } from './rules/rule-types';
import { accountKey } from './store/keys';
import type { MergeHistoryRecord, Priority } from './store/records';
import type { ReplyFacts } from './store/reply-facts';
import type { Store } from './store/store';
import type { TimelineCursor } from './store/timeline';

export interface CustomerApiContext {
  tabId: number | null;
  store: () => Promise<Store>;
  /** The tab's host state; after a worker restart, waits briefly for the content script's report. */
  hostState: () => Promise<HostState | null>;
  customerTabs: CustomerTabs;
}

const TIMELINE_PAGE_MAX = 500;

function undoableChanges(customerId: string, history: readonly MergeHistoryRecord[]): UndoableChange[] {
  const changes: UndoableChange[] = [];
  for (const record of history) {
    if (record.undoneAt !== null) continue;
    if (record.kind === 'unlink') {
      if (record.sourceId !== customerId && record.newCustomerId !== customerId) continue;
      changes.push({
        mergeId: record.id,
        kind: 'unlink',
        at: record.at,
        otherName: record.before.source.name,
        reason: 'split',
        flagged: null,
      });
    } else if (record.survivorId === customerId) {
      changes.push({
        mergeId: record.id,
        kind: record.kind,
        at: record.at,
        otherName: record.before.absorbed.name,
        reason: record.reason,
        flagged: record.flagged,
      });
    }
  }
  return changes.sort((a, b) => b.at - a.at);
}

/** The customer methods plus what the rest of the API builds on them. */
export interface CustomerApi extends CustomerMethods {
  /** openCustomer for a host state the caller already read (so both belong together). */
  openCustomerFor(state: HostState | null, timelineLimit: number): Promise<CustomerOpening | null>;
  /** What reply suggestions need of the open chat's customer, without reading the whole card. */
  replyFacts(): Promise<ReplyFacts | null>;
}

export function createCustomerApi(ctx: CustomerApiContext): CustomerApi {
  /** Customers touched by a change: sidebars showing any of them must re-read. */
  const changed = (...ids: Array<string | null | undefined>) =>
    ctx.customerTabs.notifyChanged(ids.filter((id): id is string => typeof id === 'string'));

  /** The customer behind the tab's open chat; resolved now if the chat was never captured. */
  async function customerOfOpenChat(store: Store, given?: HostState | null): Promise<string | null> {
    const state = given === undefined ? await ctx.hostState() : given;
    const conversation = state?.conversation;
    if (!state || !conversation || conversation.isGroup) return null;
    const accountId = accountKey(state.app, hostAccountId(state.account));
    const known = await store.findThread(accountId, conversation.threadId, conversation.e2ee ?? false);
    if (known?.customerId) return known.customerId;
    const account = await store.upsertAccount({
      channel: state.app,
      hostAccountId: hostAccountId(state.account),
      name: state.account.name,
    });
    const resolved = await store.resolveThread(account.id, threadInput(conversation), {
      displayName: conversation.title || null,
      identities: conversationIdentities(state.app, conversation),
      source: 'captured',
    });
    return resolved.customerId;
  }

  async function snapshot(store: Store, customerId: string): Promise<CustomerSnapshot | null> {
    const [view, suggestions, history] = await Promise.all([
      store.getCustomerView(customerId),
      store.listSuggestions(customerId),
      store.getMergeHistory(customerId),
    ]);
    if (!view) return null;
    return { view, suggestions, undoable: undoableChanges(customerId, history) };
  }

  async function openCustomerFor(state: HostState | null, timelineLimit: number) {
    const store = await ctx.store();
    const customerId = await customerOfOpenChat(store, state);
    // Registered before reading: a message committed after this read is pushed (see getTimeline).
    if (ctx.tabId !== null) ctx.customerTabs.show(ctx.tabId, customerId);
    if (!customerId) return null;
    const [card, timeline] = await Promise.all([
      snapshot(store, customerId),
      store.getTimeline(customerId, { limit: Math.min(Math.max(1, timelineLimit), TIMELINE_PAGE_MAX) }),
    ]);
    return { customerId, snapshot: card, timeline };
  }

  return {
    openCustomerFor,
    async replyFacts() {
      const store = await ctx.store();
      const state = await ctx.hostState();
      const conversation = state?.conversation;
      if (!state || !conversation || conversation.isGroup) return null;
      // A chat already captured, as during a burst: one read for the thread and its facts.
      const accountId = accountKey(state.app, hostAccountId(state.account));
      const known = await store.getThreadReplyFacts(
        accountId,
        conversation.threadId,
        conversation.e2ee ?? false,
      );
      if (known !== undefined) return known;
      const customerId = await customerOfOpenChat(store, state);
      return customerId ? store.getReplyFacts(customerId) : null;
    },
    async openCustomer(timelineLimit: number): Promise<CustomerOpening | null> {
      // One state for the customer and the page, read first (see CustomerApiContext.hostState).
      return openCustomerFor(await ctx.hostState(), timelineLimit);
    },
    /** The customer card for this tab's open chat, or null (no chat, a group, nothing readable). */
    async getCustomer(): Promise<CustomerSnapshot | null> {
      const store = await ctx.store();
      const customerId = await customerOfOpenChat(store);
      if (ctx.tabId !== null) ctx.customerTabs.show(ctx.tabId, customerId);
      return customerId ? snapshot(store, customerId) : null;
    },
    async getCustomerId(): Promise<string | null> {
      const customerId = await customerOfOpenChat(await ctx.store());
      if (ctx.tabId !== null) ctx.customerTabs.show(ctx.tabId, customerId);
      return customerId;
    },
    async getTimeline(customerId: string, before: TimelineCursor | null, limit: number) {
      const store = await ctx.store();
      // Registered before reading: a message committed after this read is pushed, one committed
      // before it is in the page (a restarted worker has forgotten which tab shows whom).
      if (ctx.tabId !== null && before === null) ctx.customerTabs.show(ctx.tabId, customerId);
      return store.getTimeline(customerId, {
        before: before ?? undefined,
        limit: Math.min(Math.max(1, limit), TIMELINE_PAGE_MAX),
      });
    },
    async addNote(customerId: string, text: string) {
      await (await ctx.store()).addNote(customerId, text);
      changed(customerId);
    },
    async addTag(customerId: string, tag: string) {
      await (await ctx.store()).addTag(customerId, tag);
      changed(customerId);
    },
    async removeTag(customerId: string, tag: string) {
      await (await ctx.store()).removeTag(customerId, tag);
      changed(customerId);
    },
    async setPriority(customerId: string, priority: Priority) {
      await (await ctx.store()).setPriority(customerId, priority);
      changed(customerId);
    },
    async confirmSuggestion(suggestionId: string) {
      const summary = await (await ctx.store()).confirmSuggestion(suggestionId);
      changed(summary.survivorId, summary.absorbedId);
      return summary;
    },
    async dismissSuggestion(suggestionId: string, customerId: string) {
      await (await ctx.store()).dismissSuggestion(suggestionId);
      changed(customerId);
    },
    async unlinkIdentity(identityId: string, customerId: string) {
      const result = await (await ctx.store()).unlink(identityId);
      changed(customerId, result.newCustomerId);
      return result;
    },
    async undoMerge(mergeId: string) {
      const store = await ctx.store();
      const record = await store.db.mergeHistory.get(mergeId);
      await store.undoMerge(mergeId);
      changed(...(record?.customerIds ?? []));
    },
    async exportCustomer(customerId: string) {
      return (await ctx.store()).exportCustomer(customerId);
    },
    async deleteCustomer(customerId: string) {
      const report = await (await ctx.store()).deleteCustomer(customerId);
      changed(customerId);
      return report;
    },
    async getPriorityRules(): Promise<PriorityRule[]> {
      return (await ctx.store()).getRules();
    },
    async setPriorityRules(rules: PriorityRule[]) {
      await (await ctx.store()).setRules(rules);
      // Flags depend on the rules: every open card may change.
      ctx.customerTabs.notifyAll();
    },
  };
}
