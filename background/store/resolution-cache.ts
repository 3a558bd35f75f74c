/**
 * Thread → customer resolutions the store already made, kept in memory. A capture burst resolves
 * the same thread with the same identities on every batch; the answer only changes when identity
 * data changes, and every such change goes through the Store, which then forgets everything here.
 */
import { Dexie } from 'dexie';
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

/** Runs `fn` once the current Dexie transaction (the outermost, if nested) has committed. */
export function afterCommit(fn: () => void): void {
  const idbtrans = Dexie.currentTransaction?.idbtrans;
  if (idbtrans) idbtrans.addEventListener('complete', () => fn());
  else fn();
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
