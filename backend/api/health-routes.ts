import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Database } from '../storage/database';

export function registerHealthRoutes(app: FastifyInstance, database: Database): void {
  app.get('/healthz', async (_request, reply) => {
    try {
      await sql`select 1`.execute(database.db);
      return { ok: true, dialect: database.dialect };
    } catch (error) {
      reply.code(503);
      return { ok: false, dialect: database.dialect, error: String((error as Error).message) };
    }
  });
}
