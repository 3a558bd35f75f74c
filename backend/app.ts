import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { installErrorHandler } from './api/errors';
import { registerHealthRoutes } from './api/health-routes';
import type { Config } from './config/config';
import { type Database, openDatabase } from './storage/database';
import { migrateToLatest } from './storage/migrate';

export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface Switchboard {
  config: Config;
  database: Database;
}

declare module 'fastify' {
  interface FastifyInstance {
    switchboard: Switchboard;
  }
}

/** Builds a ready-to-listen server: database opened and migrated, routes registered. */
export async function buildApp(config: Config): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: config.logLevel },
    bodyLimit: BODY_LIMIT_BYTES,
    // Per-request lines would dominate the log at thousands of events a second; debug turns them on.
    logController: new LogController({
      disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace',
    }),
  });
  const database = openDatabase(config.database);
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) app.log.info({ migrations: applied }, 'database migrated');
  } catch (error) {
    await database.close();
    throw error;
  }
  app.decorate('switchboard', { config, database });
  app.addHook('onClose', async () => {
    await database.close();
  });

  installErrorHandler(app);
  registerHealthRoutes(app, database);
  return app;
}
