import type { Dialect } from '../storage/database';
import type { OrganisationsTable } from '../storage/schema';
import type { Tx } from '../storage/transaction';

/**
 * Serialises every change that can add load to an agent within one organisation, which is what
 * makes the per-agent cap hold across concurrent requests and instances. PostgreSQL: a row lock
 * on the organisation (NO KEY UPDATE, so inserts referencing the row are not blocked). SQLite:
 * the transaction already holds the database write lock (`begin immediate`).
 */
export async function lockOrganisation(
  tx: Tx,
  dialect: Dialect,
  orgId: string,
): Promise<OrganisationsTable | undefined> {
  let query = tx.selectFrom('organisations').selectAll().where('id', '=', orgId);
  if (dialect === 'postgres') query = query.forNoKeyUpdate();
  return query.executeTakeFirst();
}
