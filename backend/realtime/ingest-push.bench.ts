import { fork } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { defineBench, median, p99 } from '../../bench/kit';
import { BEARER_SUBPROTOCOL_PREFIX, type CapturedEvent, PROTOCOL_VERSION } from '../protocol/v1';

/**
 * Sustained ingest → assignment → push to the assigned agent's socket, on an embedded SQLite
 * file, measured against the same server's empty-route request rate in the same run (the
 * physical limit of this HTTP stack on this machine). Then a burst of 100 simultaneous new
 * conversations for 20 agents × cap 5: time until the last assignment push arrives.
 *
 * The server runs in a process of its own (bench-server.ts), as deployed; this process is only
 * the load generator and the agents' sockets. Sharing one event loop made every figure include
 * the clients' own work (serialising requests, parsing every push on 20+ sockets) and let each
 * side's pauses delay the other.
 */
const OPERATOR = 'bench-operator-token-0123456789abcdef';

function poster(port: number, token: string, maxSockets = 64) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  return (method: string, urlPath: string, body?: unknown): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const request = http.request(
        {
          host: '127.0.0.1',
          port,
          method,
          path: urlPath,
          agent,
          headers: {
            authorization: `Bearer ${token}`,
            ...(payload
              ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
              : {}),
          },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            text += chunk;
          });
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
        },
      );
      request.on('error', reject);
      request.end(payload);
    });
}

async function enroll(call: ReturnType<typeof poster>, port: number, n: number, maxOpen: number) {
  const agents: { id: string; token: string }[] = [];
  const code = JSON.parse((await call('POST', '/api/v1/enrollment-codes', {})).text).code as string;
  for (let i = 0; i < n; i++) {
    const enrolled = JSON.parse(
      (
        await poster(port, '')('POST', '/api/v1/enroll', {
          code,
          name: `Agent ${i}`,
          email: `a${i}-${Math.random()}@bench.test`,
        })
      ).text,
    ) as { token: string; agent: { id: string } };
    await call('PATCH', `/api/v1/agents/${enrolled.agent.id}`, { maxOpen });
    agents.push({ id: enrolled.agent.id, token: enrolled.token });
  }
  return agents;
}

/** Starts bench-server.ts in a child process on a fresh SQLite file; resolves once it listens. */
async function startServer(databaseFile: string) {
  const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bench-server.ts');
  const child = fork(entry, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, DATABASE_URL: `sqlite:${databaseFile}`, SWITCHBOARD_ADMIN_TOKEN: OPERATOR },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code} before listening`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    port,
    async stop() {
      child.disconnect();
      await exited;
    },
  };
}

/** Connects an agent, goes online, and reports each auto-assignment push addressed to it. */
async function connect(
  port: number,
  agent: { id: string; token: string },
  onAssigned: (customerRef: string) => void,
) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/ws`, [
    PROTOCOL_VERSION,
    `${BEARER_SUBPROTOCOL_PREFIX}${agent.token}`,
  ]);
  // Every agent's socket receives every assignment in its organisation, and all 20 agents share
  // this one process: parsing the other agents' frames (19 in 20) delayed the reading of the
  // assignee's own and was counted as push latency. Only frames naming this agent are parsed.
  const mine = `"assigneeId":${JSON.stringify(agent.id)}`;
  await new Promise<void>((resolve, reject) => {
    ws.once('error', reject);
    ws.on('message', (data) => {
      const text = data.toString();
      if (text.includes('"welcome"')) resolve();
      if (!text.includes('"conversation.assigned"') || !text.includes(mine)) return;
      const message = JSON.parse(text) as { conversation: { assigneeId: string; customerRef: string } };
      if (message.conversation.assigneeId === agent.id) onAssigned(message.conversation.customerRef);
    });
  });
  ws.send(JSON.stringify({ type: 'presence', status: 'online', id: 'p' }));
  return ws;
}

async function rate(durationMs: number, concurrency: number, once: () => Promise<number>): Promise<number> {
  let done = 0;
  const end = Date.now() + durationMs;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        const n = await once();
        done += n;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

export default defineBench({
  name: 'backend.ingest-push',
  async run({ size, log }) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-bench-'));
    const server = await startServer(path.join(dir, 'bench.db'));
    const { port } = server;
    const call = poster(port, OPERATOR);
    const sockets: WebSocket[] = [];
    try {
      const durationMs = size === 'tiny' ? 400 : 5_000;
      const concurrency = 16;

      // The server's CPU time per request or message: far less sensitive than wall-clock rates
      // to other work on a shared machine.
      const serverStats = async () =>
        JSON.parse((await call('GET', '/bench/stats')).text) as {
          cpuUs: number;
          loopDelayMs: { p50: number; p99: number; max: number };
        };
      const serverCpuUs = async () => (await serverStats()).cpuUs;
      let cpuBefore = await serverCpuUs();
      let emptyCount = 0;
      const emptyRate = await rate(durationMs, concurrency, async () => {
        await call('GET', '/bench/empty');
        emptyCount += 1;
        return 1;
      });
      const emptyCpuUs = ((await serverCpuUs()) - cpuBefore) / emptyCount;

      /**
       * Sustained: each phase in a fresh organisation of 20 connected agents × cap 1,000. The room
       * must outlast the phase (a tenth of the events open new conversations): once every agent
       * is full, new conversations only queue, and the figure would no longer include assignment.
       * The cap itself is exercised by the burst below. Each phase checks that nothing waits.
       */
      const sent = new Map<string, number>();
      const latencies: number[] = [];
      const sustainedOrganisation = async (label: string) => {
        const org = JSON.parse((await call('POST', '/api/v1/organisations', { name: label })).text) as {
          enrollmentCode: string;
        };
        const admin = JSON.parse(
          (
            await poster(port, '')('POST', '/api/v1/enroll', {
              code: org.enrollmentCode,
              name: 'Admin',
              email: `${label}@bench.test`,
            })
          ).text,
        ) as { token: string };
        const api = poster(port, admin.token);
        for (const agent of await enroll(api, port, 20, 1_000)) {
          sockets.push(
            await connect(port, agent, (ref) => {
              const at = sent.get(ref);
              if (at !== undefined) latencies.push(performance.now() - at);
            }),
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
        return api;
      };
      const expectNothingWaiting = async (api: ReturnType<typeof poster>, phase: string) => {
        const waiting = JSON.parse(
          (await api('GET', '/api/v1/conversations?assignee=none&status=open&limit=1')).text,
        ) as { conversations: unknown[] };
        if (waiting.conversations.length > 0)
          throw new Error(`${phase}: agents ran out of room, so the phase stopped measuring assignment`);
      };
      let batchNo = 0;
      const batchSize = 50;
      const newPerBatch = 5;
      const sendBatch = async (api: ReturnType<typeof poster>, track: boolean) => {
        const n = batchNo++;
        const events: CapturedEvent[] = [];
        const now = Date.now();
        for (let i = 0; i < batchSize; i++) {
          // A few new customers per batch, the rest follow-ups in recent conversations.
          const customer =
            i < newPerBatch ? `c-${n}-${i}` : `c-${Math.max(0, n - 1 - (i % 8))}-${i % newPerBatch}`;
          events.push({
            id: `e-${n}-${i}`,
            kind: 'message.in',
            channel: 'whatsapp',
            customerRef: customer,
            occurredAt: now,
            text: 'Hi, where is my order?',
          });
        }
        const t = performance.now();
        if (track) for (let i = 0; i < newPerBatch; i++) sent.set(`c-${n}-${i}`, t);
        const response = await api('POST', '/api/v1/events', { events });
        if (response.status !== 200) throw new Error(`ingest failed: ${response.status} ${response.text}`);
        return batchSize;
      };
      // Throughput: closed loop, as fast as the server accepts.
      const throughputOrg = await sustainedOrganisation('sustained-throughput');
      const ingestStarted = batchNo;
      cpuBefore = await serverCpuUs();
      const ingestRate = await rate(durationMs, concurrency, () => sendBatch(throughputOrg, false));
      const ingestCpuUs = ((await serverCpuUs()) - cpuBefore) / ((batchNo - ingestStarted) * batchSize);
      await expectNothingWaiting(throughputOrg, 'throughput');
      // Latency: open loop at half that rate, so it measures the path, not a saturated queue.
      const latencyOrg = await sustainedOrganisation('sustained-latency');
      const offered = ingestRate / 2;
      const intervalMs = (1000 * batchSize) / offered;
      const inFlight: Promise<number>[] = [];
      await serverStats(); // resets the server's event-loop delay histogram
      const latencyStart = performance.now();
      for (let k = 0; performance.now() - latencyStart < durationMs; k++) {
        const due = latencyStart + k * intervalMs;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        inFlight.push(sendBatch(latencyOrg, true));
      }
      await Promise.all(inFlight);
      const latencyLoop = (await serverStats()).loopDelayMs;
      await new Promise((resolve) => setTimeout(resolve, 200));
      await expectNothingWaiting(latencyOrg, 'latency');
      log(
        `empty route ${emptyRate.toFixed(0)} req/s; ingest ${ingestRate.toFixed(0)} msg/s; latency at ${offered.toFixed(0)} msg/s over ${latencies.length} assignment pushes; server event-loop delay p50 ${latencyLoop.p50.toFixed(1)} ms, p99 ${latencyLoop.p99.toFixed(1)} ms, max ${latencyLoop.max.toFixed(1)} ms`,
      );
      for (const ws of sockets.splice(0)) ws.close();

      /**
       * Burst: a fresh organisation of 20 agents × cap 5 = exactly 100 places, then 100 new
       * conversations sent at once, one request each; the figure is the time until the last
       * assignment push reaches its agent's socket. `warm`: the 100 requests travel over
       * keep-alive connections opened beforehand (as from agents' extensions and webhook senders
       * that already talk to the server). Cold: each opens its TCP connection inside the burst,
       * which the server accepts about one per event-loop turn, so it measures connection set-up at
       * least as much as routing; both are reported.
       */
      const burst = async (label: string, warm: boolean): Promise<number> => {
        const org = JSON.parse(
          (await call('POST', '/api/v1/organisations', { name: `Burst ${label}` })).text,
        ) as {
          enrollmentCode: string;
        };
        const admin = JSON.parse(
          (
            await poster(port, '')('POST', '/api/v1/enroll', {
              code: org.enrollmentCode,
              name: 'Admin',
              email: `burst-${label}@bench.test`,
            })
          ).text,
        ) as { token: string };
        const burstCall = poster(port, admin.token, warm ? 128 : 64);
        let assigned = 0;
        let lastPush = 0;
        let allAssigned: () => void = () => {};
        const done = new Promise<void>((resolve) => {
          allAssigned = resolve;
        });
        for (const agent of await enroll(burstCall, port, 20, 5)) {
          sockets.push(
            await connect(port, agent, () => {
              assigned += 1;
              lastPush = performance.now();
              if (assigned === 100) allAssigned();
            }),
          );
        }
        if (warm) await Promise.all(Array.from({ length: 100 }, () => burstCall('GET', '/bench/empty')));
        await new Promise((resolve) => setTimeout(resolve, 100));
        const burstStart = performance.now();
        await Promise.all(
          Array.from({ length: 100 }, (_, i) =>
            burstCall('POST', '/api/v1/events', {
              events: [
                {
                  id: `burst-${label}-${i}`,
                  kind: 'message.in',
                  channel: 'instagram',
                  customerRef: `b-${i}`,
                  occurredAt: Date.now(),
                },
              ],
            }),
          ),
        );
        await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 5_000))]);
        if (assigned !== 100) throw new Error(`burst: only ${assigned} of 100 conversations were assigned`);
        return lastPush - burstStart;
      };
      const burstColdMs = await burst('cold', false);
      const burstMs = await burst('warm', true);

      return [
        {
          bench: 'backend.http.empty_route',
          value: emptyRate,
          unit: 'req/s',
          limit: 'this server, same run',
        },
        {
          bench: 'backend.ingest.throughput',
          value: ingestRate,
          unit: 'msg/s',
          ratio: ingestRate / emptyRate,
          limit: `empty-route rate ${emptyRate.toFixed(0)} req/s (batches of ${batchSize})`,
          target: '≥ 5000 msg/s on SQLite',
        },
        {
          bench: 'backend.ingest.cpu_per_message',
          value: ingestCpuUs,
          unit: 'µs',
          ratio: ingestCpuUs / emptyCpuUs,
          limit: `server CPU per empty-route request ${emptyCpuUs.toFixed(0)} µs`,
        },
        {
          bench: 'backend.ingest.push_latency_p50',
          value: median(latencies),
          unit: 'ms',
          limit: `open loop at ${offered.toFixed(0)} msg/s`,
          target: '< 50 ms p99',
        },
        {
          bench: 'backend.ingest.push_latency_p99',
          value: p99(latencies),
          unit: 'ms',
          limit: `open loop at ${offered.toFixed(0)} msg/s`,
          target: '< 50 ms',
        },
        {
          bench: 'backend.ingest.server_loop_delay_p99',
          value: latencyLoop.p99,
          unit: 'ms',
          limit: `server event loop during the latency phase (max ${latencyLoop.max.toFixed(0)} ms): its own blocking plus time descheduled`,
        },
        {
          bench: 'backend.burst100.last_assignment',
          value: burstMs,
          unit: 'ms',
          limit: '100 requests over open keep-alive connections',
          target: '< 100 ms',
        },
        {
          bench: 'backend.burst100.last_assignment_cold',
          value: burstColdMs,
          unit: 'ms',
          limit: 'each request opens its own connection (accept-bound)',
        },
      ];
    } finally {
      for (const ws of sockets) ws.close();
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
});
