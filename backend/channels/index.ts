import type { FastifyInstance } from 'fastify';
import type { Authenticator } from '../auth/authenticate';
import type { Config } from '../config/config';
import type { RoutingService } from '../routing/routing-service';
import type { Database } from '../storage/database';
import { type ChannelOptions, channelOptionsFromEnv, DEFAULT_CHANNEL_OPTIONS } from './shared/options';
import { registerChannelRoutes } from './shared/routes';
import { ChannelsService } from './shared/service';
import { ChannelStore, type PushFn } from './shared/store';
import { registerWebhookRoutes } from './shared/webhook-routes';

export type { ChannelOptions } from './shared/options';
export { ChannelsService } from './shared/service';

/** Wires the Business API channels into the app: webhooks, REST, and the background workers. */
export function installChannels(
  app: FastifyInstance,
  deps: {
    config: Config;
    database: Database;
    routing: RoutingService;
    authenticator: Authenticator;
    push: PushFn;
    options?: Partial<ChannelOptions>;
  },
): ChannelsService {
  const options = { ...DEFAULT_CHANNEL_OPTIONS, ...channelOptionsFromEnv(), ...deps.options };
  const store = new ChannelStore(deps.database, deps.routing, deps.push, options, app.log);
  const channels = new ChannelsService(store, deps.config);
  registerWebhookRoutes(app, deps.config, channels.inbox);
  registerChannelRoutes(app, deps.authenticator, channels);
  return channels;
}
