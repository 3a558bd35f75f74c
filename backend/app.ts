import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { registerChannelTemplateRoutes } from './api/channel-templates';
import { registerCors } from './api/cors';
import { installErrorHandler } from './api/errors';
import { registerHealthRoutes } from './api/health-routes';
import { registerTemplateRoutes } from './api/templates-routes';
import { registerV1Routes } from './api/v1-routes';
import { AccountsService } from './auth/accounts';
import { Authenticator } from './auth/authenticate';
import { type ChannelOptions, type ChannelsService, installChannels } from './channels';
import type { Config } from './config/config';
import { type Fanout, LocalFanout, PostgresFanout } from './realtime/fanout';
import { Hub } from './realtime/hub';
import { attachWebSocketServer } from './realtime/ws-server';
import { RoutingService } from './routing/routing-service';
import { type Database, openDatabase } from './storage/database';
import { migrateToLatest } from './storage/migrate';

export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface Switchboard {
  config: Config;
  database: Database;
  accounts: AccountsService;
  routing: RoutingService;
  hub: Hub;
  /** Business API channels: webhook inbox, outbound queue, automatic answers. */
  channels: ChannelsService;
  /** Runs one maintenance pass now (tests call it instead of waiting for the timer). */
  sweep(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    switchboard: Switchboard;
  }
}

/** Builds a ready-to-listen server: database opened and migrated, routes and WebSocket registered. */
export async function buildApp(
  config: Config,
  overrides: { channels?: Partial<ChannelOptions> } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: config.logLevel },
    bodyLimit: BODY_LIMIT_BYTES,
    // Per-request lines would dominate the log at thousands of events a second; debug turns them on.
    logController: new LogController({
      disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace',
    }),
  });
  const database = openDatabase(config.database);
  const hub = new Hub();
  let fanout: Fanout | undefined;
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) app.log.info({ migrations: applied }, 'database migrated');
    if (database.dialect === 'postgres' && database.postgresUrl) {
      const pgFanout = new PostgresFanout(database.postgresUrl, hub, app.log);
      await pgFanout.start();
      fanout = pgFanout;
    } else {
      fanout = new LocalFanout(hub);
    }
  } catch (error) {
    await fanout?.close();
    await database.close();
    throw error;
  }
  const publisher = fanout;

  const authenticator = new Authenticator(database.readDb, config.adminToken);
  const accounts = new AccountsService(database.db, database.dialect);
  await accounts.bootstrap(config.adminToken);
  const routing = new RoutingService(database, (items) => publisher.publish(items), config.presenceTimeoutMs);

  let sweeping: Promise<void> | undefined;
  const sweep = () => {
    // Overlapping passes would only queue on the organisation locks; join the running one.
    sweeping ??= routing.sweep().finally(() => {
      sweeping = undefined;
    });
    return sweeping;
  };
  const sweepTimer = setInterval(() => {
    sweep().catch((error: unknown) => app.log.warn({ err: error }, 'maintenance sweep failed'));
  }, config.sweepIntervalMs);
  sweepTimer.unref();

  // A request still running when close() begins is answered, then its connection is closed. By
  // default Fastify only closes connections idle at that moment: one answered afterwards stays
  // open with keep-alive, and server.close() waits for the client's keep-alive timeout (72 s) —
  // a SIGTERM that hangs, and the channel tests' afterAll timing out on a busy machine, where a
  // status webhook from the Graph stand-in is more often in flight during teardown.
  let closing = false;
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });

  installErrorHandler(app);
  registerCors(app);
  registerHealthRoutes(app, database);
  registerV1Routes(app, { authenticator, accounts, routing });
  registerChannelTemplateRoutes(app, { authenticator, db: database.db });
  registerTemplateRoutes(app, { authenticator, database, push: (items) => publisher.publish(items) });
  const channels = installChannels(app, {
    config,
    database,
    routing,
    authenticator,
    push: (items) => publisher.publish(items),
    ...(overrides.channels ? { options: overrides.channels } : {}),
  });
  app.decorate('switchboard', { config, database, accounts, routing, hub, channels, sweep });
  app.addHook('onReady', async () => channels.start());
  const sockets = attachWebSocketServer({
    app,
    authenticator,
    accounts,
    routing,
    hub,
    fanout: publisher,
    presenceTimeoutMs: config.presenceTimeoutMs,
  });

  app.addHook('preClose', async () => {
    closing = true;
    clearInterval(sweepTimer);
    sockets.close();
    await channels.stop();
  });
  app.addHook('onClose', async () => {
    await sweeping?.catch(() => {});
    await publisher.close();
    await database.close();
  });
  return app;
}
