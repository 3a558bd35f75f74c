import http from 'node:http';
import { defineBench } from '../../bench/kit';
import { BENCH_SECRET, benchBackend } from './bench-support';
import { signBody } from './shared/signature';

/**
 * Webhook ingest: signed POSTs acknowledged after the durable inbox insert (HMAC over the raw
 * bytes + one committed row each), compared with the same server's empty-route rate in the
 * same run — the physical limit of this HTTP stack on this machine.
 */
async function hammer(
  port: number,
  path: string,
  body: (i: number) => string,
  sign: boolean,
  ms: number,
): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  let done = 0;
  let failed = 0;
  const deadline = performance.now() + ms;
  let counter = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      const payload = body(counter++);
      const status = await new Promise<number>((resolve, reject) => {
        const request = http.request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path,
            agent,
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(payload),
              ...(sign ? { 'x-hub-signature-256': signBody(payload, BENCH_SECRET) } : {}),
            },
          },
          (response) => {
            response.resume();
            response.on('end', () => resolve(response.statusCode ?? 0));
          },
        );
        request.on('error', reject);
        request.end(payload);
      });
      if (status === 200) done += 1;
      else failed += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: 32 }, worker));
  agent.destroy();
  if (failed > 0) throw new Error(`${failed} requests to ${path} failed`);
  return (done * 1_000) / (performance.now() - started);
}

export default defineBench({
  name: 'channels webhook ingest',
  async run({ size, log }) {
    const backend = await benchBackend('http://127.0.0.1:9', {}, (app) => {
      app.post('/__empty', async () => ({ ok: true }));
    });
    try {
      const ms = size === 'tiny' ? 400 : 5_000;
      const body = (i: number) =>
        JSON.stringify({
          object: 'whatsapp_business_account',
          entry: [
            {
              id: 'waba',
              changes: [
                {
                  field: 'messages',
                  value: {
                    messaging_product: 'whatsapp',
                    metadata: { display_phone_number: '1555', phone_number_id: '800000000000001' },
                    contacts: [{ profile: { name: 'Ünïcode Customer' }, wa_id: `1666${i % 1000}` }],
                    messages: [
                      {
                        from: `1666${i % 1000}`,
                        id: `wamid.ingest-${i}`,
                        timestamp: '1749416383',
                        type: 'text',
                        text: { body: `Does it come in another colour? ${i}` },
                      },
                    ],
                  },
                },
              ],
            },
          ],
        });
      const empty = await hammer(backend.port, '/__empty', body, false, ms);
      const ingest = await hammer(backend.port, '/webhooks/whatsapp', body, true, ms);
      log(`empty route ${empty.toFixed(0)} req/s, signed webhook ingest ${ingest.toFixed(0)} req/s`);
      return [
        {
          bench: 'webhook ingest (signature + durable inbox insert, SQLite)',
          value: Math.round(ingest),
          unit: 'webhooks/s',
          ratio: ingest / empty,
          limit: `empty-route POST rate ${Math.round(empty)} req/s, same server and run`,
          target: 'Meta: median ≤ 250 ms; design: ≥ 5,000 msg/s',
        },
      ];
    } finally {
      await backend.close();
    }
  },
});
