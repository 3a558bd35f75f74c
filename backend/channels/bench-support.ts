import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app';
import { loadConfig } from '../config/config';
import type { ChannelOptions } from './shared/options';

export const BENCH_SECRET = 'bench_app_secret_0123456789';
export const BENCH_OPERATOR = 'bench-operator-token-0123456789abcdef';

/** A backend on a throwaway embedded SQLite file (the default deployment), channel workers off. */
export async function benchBackend(
  graphBase: string,
  channels: Partial<ChannelOptions>,
  beforeListen?: (app: FastifyInstance) => void,
): Promise<{ app: FastifyInstance; baseUrl: string; port: number; close(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-channels-bench-'));
  const config = loadConfig({
    DATABASE_URL: `sqlite:${path.join(dir, 'bench.db')}`,
    PORT: '0',
    LOG_LEVEL: 'silent',
    SWITCHBOARD_ADMIN_TOKEN: BENCH_OPERATOR,
    META_APP_SECRET: BENCH_SECRET,
    GRAPH_API_BASE: graphBase,
    WHATSAPP_ACCESS_TOKEN: 'bench-token',
  });
  const app = await buildApp(config, { channels: { ...channels, workers: false } });
  beforeListen?.(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    app,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
