/**
 * Switchboard wire protocol, version 1: REST payloads and WebSocket messages between the
 * extension and the backend. Shared verbatim with the extension's background, so this module
 * depends on zod only (no Node or browser APIs).
 *
 * WebSocket at `/api/v1/ws`. Authenticate with one of: subprotocols
 * `["switchboard.v1", "bearer.<token>"]`, the query `?token=<token>`, or a first message
 * `{type:"hello", protocol:"switchboard.v1", token}`. The server answers `welcome`. Clients send
 * `ping` at least every 25 s (MV3 service workers are suspended after 30 s of silence); a socket
 * silent for longer than the server's presence timeout is closed.
 */
import { z } from 'zod';
import { templateSchemaWith } from './templates';

export const PROTOCOL_VERSION = 'switchboard.v1';
export const BEARER_SUBPROTOCOL_PREFIX = 'bearer.';
/** The extension pings at this interval; the server tolerates much longer gaps. */
export const HEARTBEAT_INTERVAL_MS = 25_000;
/** Largest WebSocket message the server processes; larger ones get an error frame. */
export const MAX_CLIENT_MESSAGE_BYTES = 32 * 1024;
/** Events per `POST /events` that every v1 server accepts (servers before `maxEventsPerBatch`). */
export const BASE_EVENTS_PER_BATCH = 500;
/**
 * Events per `POST /events` this server accepts, told to clients in `welcome`. A client back
 * from being offline with thousands of events held makes a few large requests instead of many
 * small ones: each costs a round trip, and the backend updates every conversation a batch
 * touches once per batch. One request is still at most one group-commit pass.
 */
export const MAX_EVENTS_PER_BATCH = 5_000;

export const WS_CLOSE = {
  heartbeatTimeout: 4000,
  unauthorized: 4001,
  helloTimeout: 4002,
  unsupportedProtocol: 4003,
  serverShutdown: 1001,
  /**
   * The server may have missed pushes meant for this socket (it lost its link to the other
   * instances for a while): reconnect and reload the state, as after any dropped connection.
   */
  resync: 1012,
} as const;

export const channelSchema = z.enum(['whatsapp', 'messenger', 'instagram']);
export type Channel = z.infer<typeof channelSchema>;
export const conversationStatusSchema = z.enum(['open', 'pending', 'resolved', 'snoozed']);
export type ConversationStatus = z.infer<typeof conversationStatusSchema>;
export const prioritySchema = z.enum(['low', 'normal', 'high', 'urgent']);
export type Priority = z.infer<typeof prioritySchema>;
export const roleSchema = z.enum(['admin', 'lead', 'agent']);
export type Role = z.infer<typeof roleSchema>;
export const agentStatusSchema = z.enum(['online', 'away', 'offline']);
export type AgentStatus = z.infer<typeof agentStatusSchema>;

const id = z.string().min(1).max(100);
const tag = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'use letters, digits, "_", "-" or "."');
const epochMs = z.number().int().min(0).max(8_640_000_000_000);

// ---- data ----

export const conversationSchema = z.object({
  id,
  channel: channelSchema,
  customerRef: z.string(),
  status: conversationStatusSchema,
  priority: prioritySchema,
  language: z.string().nullable(),
  skill: z.string().nullable(),
  assigneeId: z.string().nullable(),
  /** Waiting in the backlog since (null when assigned, resolved or snoozed). */
  queuedAt: epochMs.nullable(),
  assignedAt: epochMs.nullable(),
  firstCustomerMessageAt: epochMs.nullable(),
  lastCustomerMessageAt: epochMs.nullable(),
  firstAgentReplyAt: epochMs.nullable(),
  lastAgentMessageAt: epochMs.nullable(),
  resolvedAt: epochMs.nullable(),
  snoozedUntil: epochMs.nullable(),
  reopenCount: z.number().int(),
  createdAt: epochMs,
  updatedAt: epochMs,
});
export type Conversation = z.infer<typeof conversationSchema>;

export const agentSchema = z.object({
  id,
  name: z.string(),
  email: z.string().nullable(),
  role: roleSchema,
  status: agentStatusSchema,
  /** Open + pending conversations assigned now. */
  load: z.number().int(),
  /** The hard cap in force for this agent (own setting or the organisation's). */
  maxOpen: z.number().int(),
  languages: z.array(z.string()),
  skills: z.array(z.string()),
  lastAssignedAt: epochMs.nullable(),
});
export type Agent = z.infer<typeof agentSchema>;

export const organisationSchema = z.object({
  id,
  name: z.string(),
  maxOpenPerAgent: z.number().int(),
  offlineGraceSeconds: z.number().int(),
});
export type Organisation = z.infer<typeof organisationSchema>;

// ---- REST requests ----

/** A message captured by the extension (or received by a webhook), ingested idempotently by `id`. */
export const capturedEventSchema = z.object({
  /** Idempotency key, unique per organisation: re-sending the same id changes nothing. */
  id: z.string().min(1).max(200),
  kind: z.enum(['message.in', 'message.out']),
  channel: channelSchema,
  customerRef: z.string().min(1).max(200),
  occurredAt: epochMs,
  text: z.string().max(8_000).optional(),
  priority: prioritySchema.optional(),
  language: tag.optional(),
  skill: tag.optional(),
});
export type CapturedEvent = z.infer<typeof capturedEventSchema>;

export const eventBatchSchema = z.object({
  events: z.array(capturedEventSchema).min(1).max(MAX_EVENTS_PER_BATCH),
});
export type EventBatch = z.infer<typeof eventBatchSchema>;

export const eventResultSchema = z.object({
  id: z.string(),
  status: z.enum(['accepted', 'duplicate']),
  conversationId: z.string(),
});
export const eventBatchResultSchema = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  results: z.array(eventResultSchema),
});
export type EventBatchResult = z.infer<typeof eventBatchResultSchema>;

export const enrollRequestSchema = z.object({
  code: z.string().trim().min(8).max(100),
  name: z.string().trim().min(1).max(100),
  email: z
    .email()
    .max(200)
    .transform((e) => e.toLowerCase()),
});
export type EnrollRequest = z.infer<typeof enrollRequestSchema>;

export const enrollResponseSchema = z.object({
  token: z.string(),
  agent: agentSchema,
  organisation: organisationSchema,
});
export type EnrollResponse = z.infer<typeof enrollResponseSchema>;

export const createEnrollmentCodeSchema = z.object({
  role: roleSchema.default('agent'),
  maxUses: z.number().int().min(1).max(100_000).nullable().default(null),
  expiresInSeconds: z
    .number()
    .int()
    .min(60)
    .max(365 * 86_400)
    .default(30 * 86_400),
});

export const presenceRequestSchema = z.object({ status: agentStatusSchema });
export const transferRequestSchema = z.object({ agentId: id });
export const updateAgentSchema = z
  .object({
    maxOpen: z.number().int().min(0).max(1_000).nullable(),
    languages: z.array(tag).max(20),
    skills: z.array(tag).max(50),
    role: roleSchema,
    disabled: z.boolean(),
  })
  .partial();
export const updateOrganisationSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    maxOpenPerAgent: z.number().int().min(1).max(1_000),
    offlineGraceSeconds: z.number().int().min(0).max(86_400),
  })
  .partial();
export const updateConversationSchema = z
  .object({
    priority: prioritySchema,
    language: tag.nullable(),
    skill: tag.nullable(),
  })
  .partial();

// ---- WebSocket: client → server ----

const requestId = z.string().min(1).max(64);

export const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    protocol: z.literal(PROTOCOL_VERSION),
    token: z.string().min(1).max(200),
  }),
  z.object({ type: z.literal('ping'), id: requestId.optional() }),
  z.object({ type: z.literal('presence'), id: requestId.optional(), status: z.enum(['online', 'away']) }),
  /** "I am typing a reply in this conversation now"; send active:false when done. */
  z.object({ type: z.literal('replying'), conversationId: id, active: z.boolean() }),
  z.object({ type: z.literal('take'), id: requestId, conversationId: id }),
  z.object({ type: z.literal('transfer'), id: requestId, conversationId: id, agentId: id }),
  z.object({ type: z.literal('resolve'), id: requestId, conversationId: id }),
  z.object({ type: z.literal('reopen'), id: requestId, conversationId: id }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

// ---- WebSocket: server → client ----

export const assignmentReasonSchema = z.enum([
  'auto',
  'take',
  'transfer',
  'offline_reassign',
  'resolved',
  'snoozed',
]);
export type AssignmentReason = z.infer<typeof assignmentReasonSchema>;

/** A message sent or received through a Business API channel, with its delivery state. */
export const channelMessageSchema = z.object({
  id,
  conversationId: id,
  channel: channelSchema,
  direction: z.enum(['in', 'out']),
  type: z.string(),
  text: z.string().nullable(),
  /** received (inbound); queued → sending → sent → delivered → read, or failed; unknown after a crash mid-send. */
  state: z.enum(['received', 'queued', 'sending', 'unknown', 'sent', 'delivered', 'read', 'failed']),
  errorCode: z.string().nullable(),
  errorReason: z.string().nullable(),
  externalId: z.string().nullable(),
  automatic: z.boolean(),
  createdBy: z.string().nullable(),
  occurredAt: epochMs,
  createdAt: epochMs,
  sentAt: epochMs.nullable(),
  deliveredAt: epochMs.nullable(),
  readAt: epochMs.nullable(),
  failedAt: epochMs.nullable(),
});
export type ChannelMessage = z.infer<typeof channelMessageSchema>;

export const serverMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('welcome'),
    protocol: z.literal(PROTOCOL_VERSION),
    agent: agentSchema,
    organisation: organisationSchema,
    heartbeatIntervalMs: z.number().int(),
    serverTime: epochMs,
    /** Absent from older servers: send at most BASE_EVENTS_PER_BATCH events then. */
    maxEventsPerBatch: z.number().int().min(1).optional(),
  }),
  z.object({ type: z.literal('pong'), id: requestId.optional(), serverTime: epochMs }),
  z.object({ type: z.literal('ack'), id: requestId, conversation: conversationSchema.optional() }),
  z.object({
    type: z.literal('error'),
    /** The request id the error answers, when it answers one. */
    id: requestId.optional(),
    code: z.string(),
    message: z.string(),
  }),
  /** Ownership changed (auto-assignment, take, transfer, reassignment, or unassigned). */
  z.object({
    type: z.literal('conversation.assigned'),
    conversation: conversationSchema,
    previousAssigneeId: z.string().nullable(),
    reason: assignmentReasonSchema,
    at: epochMs,
  }),
  /** Lifecycle changed without an ownership change (resolved, reopened, priority…). */
  z.object({ type: z.literal('conversation.updated'), conversation: conversationSchema, at: epochMs }),
  z.object({ type: z.literal('agent.presence'), agentId: id, status: agentStatusSchema, at: epochMs }),
  /** A Business API message was queued, changed delivery state, or arrived. */
  z.object({ type: z.literal('message.delivery'), message: channelMessageSchema, at: epochMs }),
  /** Automation handed the customer to a human (asked for one, no confident rule, or two misses). */
  z.object({
    type: z.literal('automation.handoff'),
    conversationId: id,
    reason: z.string(),
    at: epochMs,
  }),
  z.object({
    type: z.literal('replying'),
    conversationId: id,
    agentId: id,
    active: z.boolean(),
    at: epochMs,
  }),
  /** The organisation's team templates changed: fetch GET /api/v1/templates again. */
  z.object({ type: z.literal('templates.updated'), at: epochMs }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

export function parseClientMessage(data: unknown) {
  return clientMessageSchema.safeParse(data);
}

export function parseServerMessage(data: unknown) {
  return serverMessageSchema.safeParse(data);
}

// ---- team reply templates (GET/PUT /api/v1/templates, DELETE /api/v1/templates/:id) ----

/**
 * One reply template on the wire: the extension's template model (backend/protocol/templates.ts is
 * the single definition both import), with templates that don't say counted as the team's.
 */
export const teamTemplateSchema = templateSchemaWith('team');
export type TeamTemplate = z.output<typeof teamTemplateSchema>;
/** At most this many team templates per organisation. */
export const MAX_TEAM_TEMPLATES = 2_000;
export interface TeamTemplatesResponse {
  templates: TeamTemplate[];
  /** Epoch ms of the last change to the organisation's set; 0 when it was never set. */
  updatedAt: number;
}

/**
 * One customer, one reference, whoever reports them: WhatsApp Cloud API webhooks name a customer
 * by `wa_id` (digits), the extension by the chat JID (`15551234567@c.us`). Both become E.164
 * (`+15551234567`) so a captured chat and a Business-API conversation are the same conversation.
 * A `@lid` is not a phone number and stays as it is.
 */
export function canonicalCustomerRef(channel: string, ref: string): string {
  if (channel !== 'whatsapp') return ref;
  const phone = /^\+?(\d{6,15})(?:@c\.us|@s\.whatsapp\.net)?$/.exec(ref.trim());
  return phone ? `+${phone[1]}` : ref;
}
