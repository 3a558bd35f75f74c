import { startGraphStandin } from './standin';

/**
 * `tsx backend/graph-standin/main.ts`: the Graph API stand-in for local development. Point the
 * backend at it with GRAPH_API_BASE=http://127.0.0.1:<STANDIN_PORT>.
 */
const port = Number(process.env.STANDIN_PORT ?? 8788);
const backend = (process.env.STANDIN_WEBHOOK_BASE ?? 'http://127.0.0.1:8787').replace(/\/+$/, '');
const standin = await startGraphStandin(
  {
    appSecret: process.env.META_APP_SECRET ?? 'standin-app-secret',
    webhooks: {
      whatsapp: `${backend}/webhooks/whatsapp`,
      messenger: `${backend}/webhooks/messenger`,
      instagram: `${backend}/webhooks/instagram`,
    },
    ratePerSecond: Number(process.env.STANDIN_RATE_PER_SECOND ?? 80),
    // Per-number rates: "<phone number id>=<msg/s>,…".
    rates: Object.fromEntries(
      (process.env.STANDIN_RATES ?? '')
        .split(',')
        .filter((pair) => pair.includes('='))
        .map((pair) => {
          const [node, rate] = pair.split('=');
          return [String(node).trim(), Number(rate)];
        }),
    ),
    pairBurst: Number(process.env.STANDIN_PAIR_BURST ?? 45),
    statuses: process.env.STANDIN_STATUSES !== '0',
    duplicateRate: 0.05,
  },
  port,
);
process.stdout.write(`Graph API stand-in listening at ${standin.baseUrl}\n`);
const stop = () => void standin.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
