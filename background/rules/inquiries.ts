/**
 * Inquiries as stored facts. A thread's inbound messages fall into clusters (consecutive inbound
 * messages at most INQUIRY_GAP_MS apart); the store keeps one row per cluster — its first and last
 * inbound timestamp and the ids of its inbound messages that ask for a refund/return — and updates
 * it at ingest. A customer's inquiries are the thread clusters of all their threads merged with the
 * same gap rule, which gives exactly what `groupInquiries` gives over all their inbound messages,
 * without reading a message row. Pure.
 */
import { INQUIRY_GAP_MS } from './evaluate';
import { REFUND_KEYWORDS } from './refund-keywords';
import { phraseMatcher } from './text-match';

/** One cluster of a thread's inbound messages. */
export interface InquiryCluster {
  start: number;
  end: number;
  /** Inbound messages of the cluster whose text matches REFUND_KEYWORDS. */
  refundIds: string[];
}

export interface InboundPoint {
  id: string;
  timestamp: number;
  refund: boolean;
}

const matchesRefund = phraseMatcher(REFUND_KEYWORDS);

/** Whether a message's text asks for a refund or a return (the default `refund` topic). */
export function isRefundText(text: string): boolean {
  return matchesRefund(text);
}

/**
 * Identifies the refund keyword list the stored `refundIds` were computed with. When the list
 * changes (a release edits refund-keywords.ts), clusters carrying another key are recomputed
 * lazily from their messages' text.
 */
export const REFUND_FACTS_KEY: string = (() => {
  let hash = 0x811c9dc5;
  for (const char of REFUND_KEYWORDS.join('\u0000')) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `refund-v1-${hash.toString(36)}`;
})();

/** Merges intervals (any order) by the inquiry gap rule; refund ids are unioned. Oldest first. */
export function mergeClusters(clusters: readonly InquiryCluster[]): InquiryCluster[] {
  const sorted = [...clusters].sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: InquiryCluster[] = [];
  for (const cluster of sorted) {
    const current = merged[merged.length - 1];
    if (current && cluster.start - current.end <= INQUIRY_GAP_MS) {
      current.end = Math.max(current.end, cluster.end);
      for (const id of cluster.refundIds) if (!current.refundIds.includes(id)) current.refundIds.push(id);
    } else {
      merged.push({ start: cluster.start, end: cluster.end, refundIds: [...cluster.refundIds] });
    }
  }
  return merged;
}

/**
 * Adds inbound messages to a thread's clusters. `existing` must hold every stored cluster of the
 * thread within INQUIRY_GAP_MS of any point (more is harmless). Points already in a cluster may be
 * given again: only their refund status is updated.
 */
export function addInbound(
  existing: readonly InquiryCluster[],
  points: readonly InboundPoint[],
): InquiryCluster[] {
  const refundChanges = new Map(points.map((p) => [p.id, p.refund]));
  const withoutStale = existing.map((c) => ({
    ...c,
    refundIds: c.refundIds.filter((id) => refundChanges.get(id) !== false),
  }));
  return mergeClusters([
    ...withoutStale,
    ...points.map((p) => ({ start: p.timestamp, end: p.timestamp, refundIds: p.refund ? [p.id] : [] })),
  ]);
}

/** Builds a thread's clusters from all its inbound messages (migration, lazy recompute). */
export function clustersOf(inbound: ReadonlyArray<{ id: string; timestamp: number; text: string }>) {
  return mergeClusters(
    inbound.map((m) => ({
      start: m.timestamp,
      end: m.timestamp,
      refundIds: isRefundText(m.text) ? [m.id] : [],
    })),
  );
}
