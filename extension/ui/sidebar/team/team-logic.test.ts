import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../../../backend/protocol/v1';
import { durationParts, waitingSince } from './team-logic';

const base: Conversation = {
  id: 'c1',
  channel: 'whatsapp',
  customerRef: 'x',
  status: 'open',
  priority: 'normal',
  language: null,
  skill: null,
  assigneeId: 'a1',
  queuedAt: null,
  assignedAt: 100,
  firstCustomerMessageAt: 50,
  lastCustomerMessageAt: 300,
  firstAgentReplyAt: null,
  lastAgentMessageAt: null,
  resolvedAt: null,
  snoozedUntil: null,
  reopenCount: 0,
  createdAt: 50,
  updatedAt: 300,
};

describe('team panel logic', () => {
  it('waits since the backlog, the first unanswered message, or not at all', () => {
    expect(waitingSince({ ...base, assigneeId: null, queuedAt: 60 })).toBe(60);
    expect(waitingSince(base)).toBe(50);
    expect(waitingSince({ ...base, lastAgentMessageAt: 200 })).toBe(300);
    expect(waitingSince({ ...base, lastAgentMessageAt: 400 })).toBeNull();
    expect(waitingSince({ ...base, status: 'resolved' })).toBeNull();
  });

  it('words durations from seconds to days', () => {
    expect(durationParts(30_000)).toEqual({ key: 'team.durationSeconds', params: {} });
    expect(durationParts(5 * 60_000)).toEqual({ key: 'team.durationMinutes', params: { m: 5 } });
    expect(durationParts(125 * 60_000)).toEqual({ key: 'team.durationHours', params: { h: 2, m: 5 } });
    expect(durationParts(26 * 3_600_000)).toEqual({ key: 'team.durationDays', params: { d: 1, h: 2 } });
  });
});
