import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app';
import { type Config, loadConfig } from '../config/config';

export const TEST_ADMIN_TOKEN = 'test-operator-token-0123456789abcdef';

export function testConfig(databaseUrl: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    DATABASE_URL: databaseUrl,
    PORT: '0',
    LOG_LEVEL: 'silent',
    SWITCHBOARD_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    SQLITE_BUSY_TIMEOUT_MS: '5000',
    // Several suites and instances share one PostgreSQL server: keep each pool small.
    PG_POOL_SIZE: '4',
    ...env,
  });
}

export interface RunningApp {
  app: FastifyInstance;
  baseUrl: string;
  wsUrl: string;
  close(): Promise<void>;
}

/** Builds and listens on an ephemeral port; tests talk to it over real HTTP. */
export async function startApp(config: Config): Promise<RunningApp> {
  const app = await buildApp(config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/api/v1/ws`,
    close: () => app.close(),
  };
}
