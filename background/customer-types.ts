/**
 * Wire shapes of the customer part of the background API (see protocol.ts). They are the Store's
 * own plain records, re-exported so the sidebar never imports the store's code, only its types.
 */
import type { CustomerExport, DeleteReport, MergeSummary, SuggestionView } from './store/store';
import type { TimelineCursor, TimelineMessage, TimelinePage } from './store/timeline';
import type { CustomerView } from './store/view';

export type { PriorityRule } from './rules/rule-types';
export type { Channel, IdentityRecord, Priority } from './store/records';
export type {
  CustomerExport,
  CustomerView,
  DeleteReport,
  MergeSummary,
  SuggestionView,
  TimelineCursor,
  TimelineMessage,
  TimelinePage,
};

/** A link (automatic, confirmed or manual) or a split the agent can take back with one click. */
export interface UndoableChange {
  mergeId: string;
  kind: 'auto' | 'link' | 'confirm' | 'unlink';
  at: number;
  /** The other customer's name at the time (absorbed, or split off). */
  otherName: string | null;
  reason: string;
  flagged: 'names-differ' | null;
}

/** Everything the sidebar's customer card needs in one answer. */
export interface CustomerSnapshot {
  view: CustomerView;
  suggestions: SuggestionView[];
  /** Newest first; only changes not undone yet. */
  undoable: UndoableChange[];
}

/**
 * What the sidebar needs to paint a customer, in one answer: who it is, the card, and the newest
 * page of the merged timeline (read in parallel in the worker, not one round trip after another).
 */
export interface CustomerOpening {
  customerId: string;
  /** null when the card could not be read (the customer vanished in between). */
  snapshot: CustomerSnapshot | null;
  timeline: TimelinePage;
}
