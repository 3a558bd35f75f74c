import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineBench } from '../../bench/kit';
import { BENCH_OPERATOR, BENCH_SECRET, benchBackend } from './bench-support';
import { signBody } from './shared/signature';

/**
 * Outbound throughput against the Graph stand-in, which enforces the per-number rate exactly as
 * configured (130429 above it): the achieved rate should equal the configured one with zero
 * throughput errors. The limit is the configured rate itself; ratio = achieved / configured.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The phone number each configured rate is measured on (one stand-in process serves both). */
const PHONES: Record<number, string> = { 80: '700000000000080', 1000: '700000000001000' };

/** The stand-in runs as its own process, as Meta would: it must not share the backend's CPU. */
function startStandin(rates: number[]): Promise<{ child: ChildProcess; baseUrl: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'backend/graph-standin/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      STANDIN_PORT: '0',
      STANDIN_RATES: rates.map((rate) => `${PHONES[rate]}=${rate}`).join(','),
      STANDIN_PAIR_BURST: '1000',
      STANDIN_STATUSES: '0',
      META_APP_SECRET: BENCH_SECRET,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) resolve({ child, baseUrl: match[1] });
    });
    child.once('exit', (code) => reject(new Error(`stand-in exited with ${code}: ${output}`)));
  });
}

async function run(standin: { baseUrl: string }, rate: number, count: number) {
  const backend = await benchBackend(standin.baseUrl, { recipientBurst: 50, recipientIntervalMs: 6_000 });
  try {
    const channels = backend.app.switchboard.channels;
    const phone = PHONES[rate] as string;
    const auth = { authorization: `Bearer ${BENCH_OPERATOR}`, 'content-type': 'application/json' };
    await fetch(`${backend.baseUrl}/api/v1/channel-accounts`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ channel: 'whatsapp', externalId: phone, ratePerSecond: rate }),
    });
    // Enough customers that the per-customer pacing (burst 50) never binds.
    const customers = Array.from(
      { length: Math.ceil(count / 40) },
      (_, i) => `1555${String(i).padStart(7, '0')}`,
    );
    const now = Math.floor(Date.now() / 1000);
    const payload = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: customers.map((waId, i) => ({
        id: 'waba',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '1555', phone_number_id: phone },
              contacts: [{ profile: { name: 'C' }, wa_id: waId }],
              messages: [
                {
                  from: waId,
                  id: `wamid.bench-${rate}-${i}`,
                  timestamp: String(now),
                  type: 'text',
                  text: { body: 'hi' },
                },
              ],
            },
          },
        ],
      })),
    });
    await fetch(`${backend.baseUrl}/webhooks/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(payload, BENCH_SECRET) },
      body: payload,
    });
    await channels.inbox.settle();
    const conversations = await backend.app.switchboard.database.db
      .selectFrom('conversations')
      .select(['id', 'org_id'])
      .execute();
    for (let i = 0; i < count; i++) {
      const conversation = conversations[i % conversations.length] as { id: string; org_id: string };
      await channels.send({
        orgId: conversation.org_id,
        conversationId: conversation.id,
        content: { type: 'text', text: `bench ${i}` },
        sender: 'human',
        createdBy: null,
      });
    }
    channels.delivery.start();
    await channels.delivery.idle();
    const summary = (await (await fetch(`${standin.baseUrl}/_standin/summary?node=${phone}`)).json()) as {
      accepted: number[];
      rejected: number[];
    };
    const accepted = summary.accepted.sort((a, b) => a - b);
    const throttled = summary.rejected.filter((code) => code === 130429).length;
    // The first tenth is left out: connection set-up makes the first sends late, not the pacing.
    const from = Math.floor(accepted.length / 10);
    const window = (accepted[accepted.length - 1] as number) - (accepted[from] as number);
    const achieved =
      accepted.length - from > 1 ? ((accepted.length - 1 - from) * 1_000) / Math.max(1, window) : 0;
    return { achieved, throttled, sent: accepted.length };
  } finally {
    await backend.close();
  }
}

export default defineBench({
  name: 'channels outbound throughput',
  async run({ size, log }) {
    const figures = [];
    const rates = [80, 1_000];
    const standin = await startStandin(rates);
    try {
      for (const rate of rates) {
        const count = size === 'tiny' ? (rate === 80 ? 40 : 300) : rate === 80 ? 800 : 5_000;
        const result = await run(standin, rate, count);
        log(
          `${rate} msg/s configured: ${result.achieved.toFixed(1)} achieved over ${result.sent} sends, ${result.throttled} throughput errors`,
        );
        figures.push(
          {
            bench: `whatsapp send rate at ${rate} msg/s per number`,
            value: Math.round(result.achieved * 10) / 10,
            unit: 'msg/s',
            ratio: result.achieved / rate,
            limit: `configured per-number rate ${rate} msg/s (the stand-in refuses above it)`,
            target: 'ratio ≈ 1.0',
          },
          {
            bench: `throughput errors (130429) at ${rate} msg/s`,
            value: result.throttled,
            unit: 'errors',
            target: '0',
          },
        );
      }
    } finally {
      standin.child.kill('SIGTERM');
    }
    return figures;
  },
});
