import type { Kysely } from 'kysely';
import type { Schema } from '../storage/schema';
import type { Principal } from './principal';
import { hashSecret, sameHash } from './secrets';

export class Authenticator {
  private readonly operatorHash: string | undefined;

  constructor(
    private readonly db: Kysely<Schema>,
    operatorToken: string | undefined,
  ) {
    this.operatorHash = operatorToken ? hashSecret(operatorToken) : undefined;
  }

  /** Resolves a bearer token to its agent, or null if unknown, revoked or the agent is disabled. */
  async authenticate(token: string | undefined): Promise<Principal | null> {
    if (!token || token.length > 200) return null;
    const hash = hashSecret(token);
    const row = await this.db
      .selectFrom('tokens')
      .innerJoin('agents', 'agents.id', 'tokens.agent_id')
      .select(['tokens.token_hash', 'agents.id as agentId', 'agents.org_id as orgId', 'agents.role'])
      .where('tokens.token_hash', '=', hash)
      .where('tokens.revoked_at', 'is', null)
      .where('agents.disabled_at', 'is', null)
      .executeTakeFirst();
    // The lookup is by hash already; the explicit constant-time check keeps that property obvious.
    if (!row || !sameHash(row.token_hash, hash)) return null;
    return {
      agentId: row.agentId,
      orgId: row.orgId,
      role: row.role,
      isOperator: this.operatorHash !== undefined && sameHash(this.operatorHash, hash),
    };
  }
}

export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}
