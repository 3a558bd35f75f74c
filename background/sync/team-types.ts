/** Plain data the team sync shows the sidebar (structured-clone safe, no secrets). */
import type { AgentStatus, Conversation, Role } from '../../backend/protocol/v1';

/**
 * local: no backend configured (everything works as before); setup: a backend is configured by
 * policy but this agent has not enrolled; connecting/online/offline: enrolled; signed-out: the
 * backend no longer accepts the token (revoked), enroll again.
 */
export type TeamMode = 'local' | 'setup' | 'connecting' | 'online' | 'offline' | 'signed-out';

export interface TeamAgentView {
  id: string;
  name: string;
  role: Role;
  status: AgentStatus;
  load: number;
  maxOpen: number;
}

export interface TeamStatus {
  mode: TeamMode;
  /** Backend address and code come from the organisation's policy (managed storage). */
  managed: boolean;
  backendUrl: string | null;
  /** Whether an enrollment code is available without asking the agent. */
  hasCode: boolean;
  me: TeamAgentView | null;
  orgName: string | null;
  agents: TeamAgentView[];
  /** Outgoing events waiting in the outbox. */
  pending: number;
  /** Items the backend refused for good. */
  rejected: number;
  lastError: string | null;
}

export interface TeamConversationView {
  customerRef: string;
  /** null while the backend has not seen this chat yet. */
  conversation: Conversation | null;
  ownerName: string | null;
  /** Other agents typing a reply in this conversation now. */
  replying: { agentId: string; name: string }[];
}

export interface EnrollInput {
  /** Ignored when the organisation's policy sets them. */
  backendUrl?: string;
  enrollmentCode?: string;
  name: string;
  email: string;
}

export type TeamNotice =
  | { kind: 'assigned'; conversationId: string; customerRef: string; title: string | null; at: number }
  | { kind: 'rejected'; action: string; message: string; at: number };
