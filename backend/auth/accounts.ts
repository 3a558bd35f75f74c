import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ApiError, conflict, forbidden, notFound } from '../api/errors';
import type { Agent, EnrollResponse, Organisation, Role } from '../protocol/v1';
import { agentDto, organisationDto } from '../routing/dto';
import { lockOrganisation } from '../routing/organisation-lock';
import type { Dialect } from '../storage/database';
import type { AgentsTable, Schema } from '../storage/schema';
import { inTransaction, type Tx } from '../storage/transaction';
import { hasRole, type Principal } from './principal';
import { generateEnrollmentCode, generateToken, hashSecret, normaliseEnrollmentCode } from './secrets';

export const DEFAULT_ORGANISATION_ID = 'default';
export const DEFAULT_MAX_OPEN_PER_AGENT = 5;
export const DEFAULT_OFFLINE_GRACE_SECONDS = 120;

function newAgent(orgId: string, name: string, email: string | null, role: Role, now: number): AgentsTable {
  return {
    id: randomUUID(),
    org_id: orgId,
    name,
    email,
    role,
    status: 'offline',
    max_open: null,
    languages: '[]',
    skills: '[]',
    last_assigned_at: null,
    last_seen_at: null,
    offline_since: now,
    disabled_at: null,
    created_at: now,
  };
}

async function issueToken(
  tx: Tx,
  agent: Pick<AgentsTable, 'id' | 'org_id'>,
  now: number,
  token = generateToken(),
) {
  await tx
    .insertInto('tokens')
    .values({
      id: randomUUID(),
      org_id: agent.org_id,
      agent_id: agent.id,
      token_hash: hashSecret(token),
      created_at: now,
      revoked_at: null,
    })
    .execute();
  return token;
}

export class AccountsService {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly dialect: Dialect,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Makes SWITCHBOARD_ADMIN_TOKEN usable: creates the default organisation and its administrator
   * on first start, and registers the token (again) if it changed. Idempotent across restarts and
   * safe when several instances start at once.
   */
  async bootstrap(adminToken: string | undefined): Promise<void> {
    if (!adminToken) return;
    const now = this.clock();
    await inTransaction(this.db, async (tx) => {
      await tx
        .insertInto('organisations')
        .values({
          id: DEFAULT_ORGANISATION_ID,
          name: 'Default organisation',
          max_open_per_agent: DEFAULT_MAX_OPEN_PER_AGENT,
          offline_grace_seconds: DEFAULT_OFFLINE_GRACE_SECONDS,
          created_at: now,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      await lockOrganisation(tx, this.dialect, DEFAULT_ORGANISATION_ID);
      const known = await tx
        .selectFrom('tokens')
        .select('id')
        .where('token_hash', '=', hashSecret(adminToken))
        .executeTakeFirst();
      if (known) return;
      let admin = await tx
        .selectFrom('agents')
        .selectAll()
        .where('org_id', '=', DEFAULT_ORGANISATION_ID)
        .where('role', '=', 'admin')
        .where('email', 'is', null)
        .orderBy('created_at')
        .executeTakeFirst();
      if (!admin) {
        admin = newAgent(DEFAULT_ORGANISATION_ID, 'Administrator', null, 'admin', now);
        await tx.insertInto('agents').values(admin).execute();
      }
      await issueToken(tx, admin, now, adminToken);
    });
  }

  /** Operator only: a new, isolated organisation plus a one-time admin enrollment code for it. */
  async createOrganisation(
    principal: Principal,
    name: string,
  ): Promise<{ organisation: Organisation; enrollmentCode: string }> {
    if (!principal.isOperator)
      throw forbidden('Only the instance operator (SWITCHBOARD_ADMIN_TOKEN) can create organisations');
    const now = this.clock();
    const code = generateEnrollmentCode();
    const org = {
      id: randomUUID(),
      name,
      max_open_per_agent: DEFAULT_MAX_OPEN_PER_AGENT,
      offline_grace_seconds: DEFAULT_OFFLINE_GRACE_SECONDS,
      created_at: now,
    };
    await inTransaction(this.db, async (tx) => {
      await tx.insertInto('organisations').values(org).execute();
      await tx
        .insertInto('enrollment_codes')
        .values({
          id: randomUUID(),
          org_id: org.id,
          code_hash: hashSecret(normaliseEnrollmentCode(code)),
          role: 'admin',
          created_by: principal.agentId,
          created_at: now,
          expires_at: now + 7 * 86_400_000,
          max_uses: 1,
          uses: 0,
        })
        .execute();
    });
    return { organisation: organisationDto(org), enrollmentCode: code };
  }

  async createEnrollmentCode(
    principal: Principal,
    options: { role: Role; maxUses: number | null; expiresInSeconds: number },
  ): Promise<{ code: string; role: Role; maxUses: number | null; expiresAt: number }> {
    if (!hasRole(principal, 'lead')) throw forbidden('Only leads and admins can create enrollment codes');
    // Nobody can mint a code for a role above their own.
    if (!hasRole(principal, options.role))
      throw forbidden(`A ${principal.role} cannot create ${options.role} codes`);
    const now = this.clock();
    const code = generateEnrollmentCode();
    const expiresAt = now + options.expiresInSeconds * 1000;
    await this.db
      .insertInto('enrollment_codes')
      .values({
        id: randomUUID(),
        org_id: principal.orgId,
        code_hash: hashSecret(normaliseEnrollmentCode(code)),
        role: options.role,
        created_by: principal.agentId,
        created_at: now,
        expires_at: expiresAt,
        max_uses: options.maxUses,
        uses: 0,
      })
      .execute();
    return { code, role: options.role, maxUses: options.maxUses, expiresAt };
  }

  /**
   * Exchanges an enrollment code for an agent token (shown once). Enrolling again with the same
   * email — a reinstalled extension — signs the existing agent in with a fresh token.
   */
  async enroll(request: { code: string; name: string; email: string }): Promise<EnrollResponse> {
    const now = this.clock();
    const codeHash = hashSecret(normaliseEnrollmentCode(request.code));
    return inTransaction(this.db, async (tx) => {
      const code = await tx
        .selectFrom('enrollment_codes')
        .selectAll()
        .where('code_hash', '=', codeHash)
        .executeTakeFirst();
      if (!code || code.expires_at <= now || (code.max_uses !== null && code.uses >= code.max_uses)) {
        throw new ApiError(401, 'invalid_code', 'This enrollment code is unknown, expired or used up');
      }
      const org = await lockOrganisation(tx, this.dialect, code.org_id);
      if (!org) throw notFound('Organisation');
      // Conditional increment: two simultaneous enrollments cannot both use a code's last use.
      const used = await tx
        .updateTable('enrollment_codes')
        .set((eb) => ({ uses: eb('uses', '+', 1) }))
        .where('id', '=', code.id)
        .where((eb) => eb.or([eb('max_uses', 'is', null), eb('uses', '<', eb.ref('max_uses'))]))
        .executeTakeFirst();
      if (Number(used.numUpdatedRows) !== 1)
        throw new ApiError(401, 'invalid_code', 'This enrollment code is used up');

      let agent = await tx
        .selectFrom('agents')
        .selectAll()
        .where('org_id', '=', org.id)
        .where('email', '=', request.email)
        .executeTakeFirst();
      if (agent) {
        if (agent.disabled_at !== null) throw forbidden('This account is disabled');
        if (agent.role !== code.role) {
          throw conflict(
            'role_mismatch',
            `${request.email} is already enrolled as ${agent.role}; ask an admin`,
          );
        }
      } else {
        agent = newAgent(org.id, request.name, request.email, code.role, now);
        await tx.insertInto('agents').values(agent).execute();
      }
      const token = await issueToken(tx, agent, now);
      return { token, agent: agentDto(agent, 0, org.max_open_per_agent), organisation: organisationDto(org) };
    });
  }

  async describe(principal: Principal): Promise<{ agent: Agent; organisation: Organisation }> {
    const org = await this.db
      .selectFrom('organisations')
      .selectAll()
      .where('id', '=', principal.orgId)
      .executeTakeFirst();
    const agent = await this.db
      .selectFrom('agents')
      .selectAll()
      .where('id', '=', principal.agentId)
      .executeTakeFirst();
    if (!org || !agent) throw notFound('Agent');
    const load = await this.db
      .selectFrom('conversations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('assignee_id', '=', agent.id)
      .where('status', 'in', ['open', 'pending'])
      .executeTakeFirstOrThrow();
    return {
      agent: agentDto(agent, Number(load.n), org.max_open_per_agent),
      organisation: organisationDto(org),
    };
  }

  /**
   * Revokes every token of an agent: admins for anyone in their organisation, any agent for
   * themselves (signing out everywhere). Returns how many were still active. Live sockets of the
   * agent are closed by the caller on this instance and by the token re-check on the others.
   */
  async revokeTokens(principal: Principal, agentId: string): Promise<number> {
    if (agentId !== principal.agentId && !hasRole(principal, 'admin')) {
      throw forbidden("Only admins can revoke another agent's tokens");
    }
    const agent = await this.db
      .selectFrom('agents')
      .select('id')
      .where('id', '=', agentId)
      .where('org_id', '=', principal.orgId)
      .executeTakeFirst();
    if (!agent) throw notFound('Agent');
    const result = await this.db
      .updateTable('tokens')
      .set({ revoked_at: this.clock() })
      .where('agent_id', '=', agent.id)
      .where('org_id', '=', principal.orgId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
