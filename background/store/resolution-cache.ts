/**
 * Thread → customer resolutions the store already made, kept in memory. A capture burst resolves
 * the same thread with the same identities on every batch; the answer only changes when identity
 * data changes, and every such change goes through the Store, which then forgets everything here.
 */
import { Dexie, type Transaction } from 'dexie';
import type { RawIdentity } from '../identity/normalize';
import type { ParsedThread } from './ingest';
import type { ResolveThreadResult } from './resolve';

export interface ResolutionInput {
  accountId: string;
  thread: ParsedThread;
  displayName: string | null;
  identities: readonly RawIdentity[];
  source: string;
}

export function resolutionKey(input: ResolutionInput): string {
  const { accountId, thread } = input;
  return JSON.stringify([
    accountId,
    thread.hostThreadId,
    thread.e2ee ?? false,
    thread.isGroup ?? null,
    thread.title ?? null,
    input.displayName,
    input.source,
    input.identities.map((identity) => [identity.kind, identity.value]),
  ]);
}

const committed = new WeakMap<Transaction, Array<() => void>>();

/**
 * Runs `fn` once the current Dexie transaction (the outermost, if nested) has committed, before
 * the code awaiting that transaction goes on: Dexie fires its own 'complete' first, where a
 * listener on the IndexedDB transaction would run after those continuations (the next captured
 * batch could already have started from what `fn` was to record).
 */
export function afterCommit(fn: () => void): void {
  let transaction = Dexie.currentTransaction;
  if (!transaction) {
    fn();
    return;
  }
  while (transaction.parent) transaction = transaction.parent;
  let queue = committed.get(transaction);
  if (!queue) {
    // In the order asked for (Dexie calls its listeners last first): a write that forgets what
    // a nested one remembered must forget it after.
    const callbacks: Array<() => void> = [];
    transaction.on('complete', () => {
      for (const callback of callbacks) callback();
    });
    committed.set(transaction, callbacks);
    queue = callbacks;
  }
  queue.push(fn);
}

export class ResolutionCache {
  private readonly entries = new Map<string, ResolveThreadResult>();

  /** A repeat of a stored resolution: nothing new was created, merged or suggested. */
  get(key: string): ResolveThreadResult | undefined {
    const known = this.entries.get(key);
    return known && { ...known, createdCustomer: false, merges: [], newSuggestions: 0 };
  }

  /**
   * Called once the resolution committed (a rolled-back one must not be remembered). It may have
   * created identities or merged customers, which can change other threads' answers.
   */
  remember(key: string, result: ResolveThreadResult): void {
    this.entries.clear();
    this.entries.set(key, result);
  }

  forget(): void {
    this.entries.clear();
  }
}
