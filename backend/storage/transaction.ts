import type { Kysely, Transaction } from 'kysely';
import { classifyDatabaseError, isRetryableConflict } from './errors';
import type { Schema } from './schema';

export type Tx = Transaction<Schema>;

/** Runs `work` in one transaction, re-running it on PostgreSQL deadlock/serialisation failures. */
export async function inTransaction<T>(db: Kysely<Schema>, work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      if (attempt < 5 && isRetryableConflict(error)) continue;
      throw classifyDatabaseError(error);
    }
  }
}
