import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Partial indexes that keep routing work proportional to the work there is, not to the size of
 * the conversations table: the backlog (drained most urgent, then longest waiting, first; and
 * found per organisation by the maintenance sweep) and the snoozed conversations that are due.
 */
export const routingWorkIndexes: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createIndex('conversations_queued')
      .on('conversations')
      .columns(['org_id', 'priority', 'queued_at'])
      .where(sql.ref('queued_at'), 'is not', null)
      .execute();
    await db.schema
      .createIndex('conversations_snoozed')
      .on('conversations')
      .columns(['snoozed_until', 'org_id'])
      .where(sql.ref('status'), '=', sql.lit('snoozed'))
      .execute();
  },

  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('conversations_snoozed').execute();
    await db.schema.dropIndex('conversations_queued').execute();
  },
};
