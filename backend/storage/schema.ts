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

export interface ChannelAccountsTable {
  id: string;
  org_id: string;
  channel: Channel;
  external_id: string;
  rate_per_second: number;
  created_at: number;
}

export interface WebhookInboxTable {
  id: string;
  channel: Channel;
  /** The exact bytes Meta signed, kept so processing can be replayed after a crash. */
  body: string;
  received_at: number;
  status: 'pending' | 'done' | 'failed';
  attempts: number;
  lease_until: number | null;
  processed_at: number | null;
  error: string | null;
}

export type DeliveryState =
  | 'received'
  | 'queued'
  | 'sending'
  | 'unknown'
  | 'sent'
  | 'delivered'
  | 'read'
  | 'failed';

export interface ChannelMessagesTable {
  id: string;
  org_id: string;
  account_id: string;
  channel: Channel;
  conversation_id: string;
  customer_id: string;
  direction: 'in' | 'out';
  external_id: string | null;
  type: string;
  text: string | null;
  body: string;
  state: DeliveryState;
  error_code: string | null;
  error_reason: string | null;
  attempts: number;
  next_attempt_at: number;
  lease_until: number | null;
  created_by: string | null;
  rule_id: string | null;
  client_key: string | null;
  occurred_at: number;
  created_at: number;
  updated_at: number;
  sent_at: number | null;
  delivered_at: number | null;
  read_at: number | null;
  failed_at: number | null;
}

export interface ChannelStatusEventsTable {
  channel: Channel;
  external_id: string;
  status: string;
  occurred_at: number;
  error_code: string | null;
  error_reason: string | null;
  callback_data: string | null;
  received_at: number;
}

export interface AutoRulesTable {
  id: string;
  org_id: string;
  name: string;
  language: string | null;
  phrases: string;
  action: 'template' | 'order_status';
  template_name: string | null;
  template_language: string | null;
  reply_text: string | null;
  lookup_url: string | null;
  lookup_timeout_ms: number | null;
  enabled: number;
  created_at: number;
}

export interface AutoAnswersTable {
  id: string;
  org_id: string;
  conversation_id: string;
  inbound_message_id: string;
  cycle: number;
  rule_id: string | null;
  outcome: 'answered' | 'handoff';
  reason: string;
  outbound_message_id: string | null;
  created_at: number;
}

/** Team reply templates (migration 0004); `body` is the template as JSON. */
export interface TemplatesTable {
  org_id: string;
  id: string;
  position: number;
  body: string;
  updated_by: string | null;
  updated_at: number;
}

export interface Schema {
  organisations: OrganisationsTable;
  agents: AgentsTable;
  tokens: TokensTable;
  enrollment_codes: EnrollmentCodesTable;
  conversations: ConversationsTable;
  events: EventsTable;
  channel_accounts: ChannelAccountsTable;
  webhook_inbox: WebhookInboxTable;
  channel_messages: ChannelMessagesTable;
  channel_status_events: ChannelStatusEventsTable;
  auto_rules: AutoRulesTable;
  auto_answers: AutoAnswersTable;
  templates: TemplatesTable;
}
