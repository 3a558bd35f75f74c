/**
 * Row shapes as stored. Timestamps are epoch milliseconds (INTEGER in SQLite, BIGINT in
 * PostgreSQL, parsed back to numbers); lists are JSON text so both dialects store them alike.
 */
export type Role = 'admin' | 'lead' | 'agent';
export type AgentStatus = 'online' | 'away' | 'offline';
export type ConversationStatus = 'open' | 'pending' | 'resolved' | 'snoozed';
export type Channel = 'whatsapp' | 'messenger' | 'instagram';

export interface OrganisationsTable {
  id: string;
  name: string;
  max_open_per_agent: number;
  offline_grace_seconds: number;
  created_at: number;
}

export interface AgentsTable {
  id: string;
  org_id: string;
  name: string;
  email: string | null;
  role: Role;
  status: AgentStatus;
  /** Overrides the organisation's cap when set. */
  max_open: number | null;
  languages: string;
  skills: string;
  last_assigned_at: number | null;
  last_seen_at: number | null;
  offline_since: number | null;
  disabled_at: number | null;
  created_at: number;
}

export interface TokensTable {
  id: string;
  org_id: string;
  agent_id: string;
  token_hash: string;
  created_at: number;
  revoked_at: number | null;
}

export interface EnrollmentCodesTable {
  id: string;
  org_id: string;
  code_hash: string;
  role: Role;
  created_by: string;
  created_at: number;
  expires_at: number;
  max_uses: number | null;
  uses: number;
}

export interface ConversationsTable {
  id: string;
  org_id: string;
  channel: Channel;
  customer_ref: string;
  status: ConversationStatus;
  /** 0 low, 1 normal, 2 high, 3 urgent: stored as a number so the backlog can sort by it. */
  priority: number;
  language: string | null;
  skill: string | null;
  assignee_id: string | null;
  /** The agent the next assignment should favour (previous owner, or the agent who wrote first). */
  preferred_agent_id: string | null;
  /** Set exactly while the conversation waits in the backlog for an agent. */
  queued_at: number | null;
  assigned_at: number | null;
  first_customer_message_at: number | null;
  last_customer_message_at: number | null;
  first_agent_reply_at: number | null;
  last_agent_message_at: number | null;
  resolved_at: number | null;
  snoozed_until: number | null;
  reopen_count: number;
  created_at: number;
  updated_at: number;
}

export interface EventsTable {
  org_id: string;
  key: string;
  conversation_id: string;
  kind: string;
  agent_id: string | null;
  occurred_at: number;
  received_at: number;
  text: string | null;
}

export interface Schema {
  organisations: OrganisationsTable;
  agents: AgentsTable;
  tokens: TokensTable;
  enrollment_codes: EnrollmentCodesTable;
  conversations: ConversationsTable;
  events: EventsTable;
}
