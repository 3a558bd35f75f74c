import type { Agent, Conversation, Organisation, Priority } from '../protocol/v1';
import type { AgentsTable, ConversationsTable, OrganisationsTable } from '../storage/schema';

export const PRIORITIES: readonly Priority[] = ['low', 'normal', 'high', 'urgent'];
export const priorityRank = (priority: Priority): number => PRIORITIES.indexOf(priority);
export const priorityName = (rank: number): Priority => PRIORITIES[rank] ?? 'normal';

export function conversationDto(row: ConversationsTable): Conversation {
  return {
    id: row.id,
    channel: row.channel,
    customerRef: row.customer_ref,
    status: row.status,
    priority: priorityName(row.priority),
    language: row.language,
    skill: row.skill,
    assigneeId: row.assignee_id,
    queuedAt: row.queued_at,
    assignedAt: row.assigned_at,
    firstCustomerMessageAt: row.first_customer_message_at,
    lastCustomerMessageAt: row.last_customer_message_at,
    firstAgentReplyAt: row.first_agent_reply_at,
    lastAgentMessageAt: row.last_agent_message_at,
    resolvedAt: row.resolved_at,
    snoozedUntil: row.snoozed_until,
    reopenCount: row.reopen_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function parseList(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

export function agentDto(row: AgentsTable, load: number, orgCap: number): Agent {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    status: row.status,
    load,
    maxOpen: row.max_open ?? orgCap,
    languages: parseList(row.languages),
    skills: parseList(row.skills),
    lastAssignedAt: row.last_assigned_at,
  };
}

export function organisationDto(row: OrganisationsTable): Organisation {
  return {
    id: row.id,
    name: row.name,
    maxOpenPerAgent: row.max_open_per_agent,
    offlineGraceSeconds: row.offline_grace_seconds,
  };
}
