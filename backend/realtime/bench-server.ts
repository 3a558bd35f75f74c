import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildApp } from '../app';
import { loadConfig } from '../config/config';

/**
 * The backend under benchmark, in a process of its own as it is deployed, so the load generator
 * (HTTP clients and 20+ agent sockets parsing every push) neither shares its event loop nor is
 * counted in its CPU time. Started by ingest-push.bench.ts with DATABASE_URL and the operator
 * token in the environment; adds two bench-only routes:
 * - `GET /bench/empty`: the empty route whose rate is the HTTP stack's limit on this machine;
 * - `GET /bench/stats`: this process's CPU time so far (µs), to compute CPU per request/message,
 *   and its event-loop delay (ms) since the previous call: how long ready work waited to run.
 * Sends `{ port }` over the IPC channel once listening; stops when the parent disconnects.
 */
async function main(): Promise<void> {
  const app = await buildApp(loadConfig({ ...process.env, PORT: '0', LOG_LEVEL: 'silent' }));
  app.get('/bench/empty', async () => ({}));
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  app.get('/bench/stats', async () => {
    const { user, system } = process.cpuUsage();
    const ms = (ns: number) => ns / 1e6;
    const stats = {
      cpuUs: user + system,
      loopDelayMs: {
        p50: ms(loopDelay.percentile(50)),
        p99: ms(loopDelay.percentile(99)),
        max: ms(loopDelay.max),
      },
    };
    loopDelay.reset();
    return stats;
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.once('disconnect', () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  process.send?.({ port: (app.server.address() as AddressInfo).port });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench server failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
