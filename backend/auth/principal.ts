import type { Role } from '../storage/schema';

/** Who is calling: every query a principal triggers is scoped to `orgId`. */
export interface Principal {
  agentId: string;
  orgId: string;
  role: Role;
  /** Holder of SWITCHBOARD_ADMIN_TOKEN: may also create organisations. */
  isOperator: boolean;
}

const RANK: Record<Role, number> = { agent: 0, lead: 1, admin: 2 };

export function hasRole(principal: Principal, atLeast: Role): boolean {
  return RANK[principal.role] >= RANK[atLeast];
}
