/** Pure helpers of the team panel (unit-tested). */
import type { Conversation } from '../../../../backend/protocol/v1';
import type { MessageKey } from '../../../i18n/messages';

/**
 * Since when the customer has been waiting for the team, or null when they are not: in the
 * backlog since `queuedAt`; otherwise since their unanswered message (the first one if no agent
 * replied yet, else the latest after the last agent reply). Resolved/snoozed chats don't wait.
 */
export function waitingSince(c: Conversation): number | null {
  if (c.status === 'resolved' || c.status === 'snoozed') return null;
  if (c.assigneeId === null && c.queuedAt !== null) return c.queuedAt;
  const lastIn = c.lastCustomerMessageAt;
  if (lastIn === null) return null;
  const lastOut = c.lastAgentMessageAt;
  if (lastOut === null) return c.firstCustomerMessageAt ?? lastIn;
  return lastIn > lastOut ? lastIn : null;
}

/** A waiting time in words: key + parameters for the translator. */
export function durationParts(ms: number): { key: MessageKey; params: Record<string, number> } {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return { key: 'team.durationSeconds', params: {} };
  if (minutes < 60) return { key: 'team.durationMinutes', params: { m: minutes } };
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return { key: 'team.durationHours', params: { h: hours, m: minutes % 60 } };
  return { key: 'team.durationDays', params: { d: Math.floor(hours / 24), h: hours % 24 } };
}
