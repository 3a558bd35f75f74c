import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation } from '../protocol/v1';
import { forEachDialect } from '../test-support/databases';
import { checkSignature, escapeUnicode, signBody } from './shared/signature';
import {
  APP_SECRET,
  type ChannelsEnv,
  listTestdata,
  messagingText,
  postWebhook,
  readJson,
  startChannelsEnv,
  TESTDATA,
  VERIFY_TOKEN,
  whatsappText,
} from './testing';

describe('X-Hub-Signature-256', () => {
  const vectors = readJson<{
    app_secret: string;
    vectors: {
      body_file: string;
      'X-Hub-Signature-256': string;
      negative_case?: { digest_of_reserialized_utf8: string };
    }[];
  }>('signature-vectors/vectors.json');

  it('matches the recorded vectors over the exact raw bytes, and not over re-serialised JSON', () => {
    expect(vectors.app_secret).toBe(APP_SECRET);
    for (const vector of vectors.vectors) {
      const raw = fs.readFileSync(path.join(TESTDATA, 'signature-vectors', vector.body_file));
      expect(checkSignature(raw, vector['X-Hub-Signature-256'], APP_SECRET)).toBe('ok');
      expect(signBody(raw, APP_SECRET)).toBe(vector['X-Hub-Signature-256']);
      if (vector.negative_case) {
        const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8'))), 'utf8');
        expect(signBody(reserialised, APP_SECRET)).toBe(vector.negative_case.digest_of_reserialized_utf8);
        expect(checkSignature(reserialised, vector['X-Hub-Signature-256'], APP_SECRET)).toBe('invalid');
        // Meta's escaped form is what the stand-in reproduces.
        expect(escapeUnicode(JSON.stringify(JSON.parse(raw.toString('utf8'))))).toBe(raw.toString('utf8'));
      }
    }
    expect(checkSignature(Buffer.from('{}'), undefined, APP_SECRET)).toBe('missing');
    expect(checkSignature(Buffer.from('{}'), 'sha256=abc', APP_SECRET)).toBe('invalid');
    expect(checkSignature(Buffer.from('{}'), 'sha1=0000', APP_SECRET)).toBe('invalid');
  });
});

forEachDialect((_dialect, databases) => {
  describe('webhooks', () => {
    let env: ChannelsEnv;
    const PHONE = '106540352242922';
    const PAGE = '123';
    const IG = '17841400000000000';
    const inboxCount = async () =>
      Number(
        (
          await env.running.app.switchboard.database.db
            .selectFrom('webhook_inbox')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const conversations = async () =>
      (await env.admin.get<{ conversations: Conversation[] }>('/api/v1/conversations?limit=500')).body
        .conversations;
    const settle = () => env.running.app.switchboard.channels.settle();

    beforeAll(async () => {
      env = await startChannelsEnv(await databases.create());
      for (const [channel, externalId] of [
        ['whatsapp', PHONE],
        ['messenger', PAGE],
        ['instagram', IG],
      ]) {
        const created = await env.admin.post('/api/v1/channel-accounts', { channel, externalId });
        expect(created.status).toBe(201);
      }
    });
    afterAll(() => env?.close());

    it('answers the verify-token handshake with the challenge, and refuses a wrong token', async () => {
      for (const product of ['whatsapp', 'messenger', 'instagram']) {
        const ok = await fetch(
          `${env.running.baseUrl}/webhooks/${product}?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`,
        );
        expect(ok.status).toBe(200);
        expect(await ok.text()).toBe('1158201444');
        const wrong = await fetch(
          `${env.running.baseUrl}/webhooks/${product}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`,
        );
        expect(wrong.status).toBe(403);
        expect(await wrong.json()).toMatchObject({ error: { code: 'verification_failed' } });
      }
    });

    it('refuses missing (401) and wrong (403) signatures and stores nothing', async () => {
      const before = await inboxCount();
      const body = JSON.stringify(whatsappText(PHONE, '15550001111', 'unsigned'));
      const missing = await postWebhook(env.running.baseUrl, 'whatsapp', body, '');
      expect(missing.status).toBe(401);
      expect(missing.body).toMatchObject({ error: { code: 'signature_missing' } });
      const wrong = await postWebhook(
        env.running.baseUrl,
        'whatsapp',
        body,
        signBody(body, 'another-secret'),
      );
      expect(wrong.status).toBe(403);
      expect(wrong.body).toMatchObject({ error: { code: 'signature_invalid' } });
      // Signed bytes, then one byte changed: the re-serialisation trap.
      const tampered = await postWebhook(
        env.running.baseUrl,
        'whatsapp',
        `${body} `,
        signBody(body, APP_SECRET),
      );
      expect(tampered.status).toBe(403);
      expect(await inboxCount()).toBe(before);
    });

    it('accepts the signature vectors byte for byte', async () => {
      const raw = fs.readFileSync(path.join(TESTDATA, 'signature-vectors/whatsapp-text.body.json'));
      const vectors = readJson<{ vectors: { 'X-Hub-Signature-256': string }[] }>(
        'signature-vectors/vectors.json',
      );
      const response = await postWebhook(
        env.running.baseUrl,
        'whatsapp',
        raw.toString('utf8'),
        vectors.vectors[0]?.['X-Hub-Signature-256'],
      );
      expect(response.status).toBe(200);
      const unicode = fs.readFileSync(
        path.join(TESTDATA, 'signature-vectors/messenger-unicode-escaped.body.json'),
        'utf8',
      );
      const messenger = await postWebhook(
        env.running.baseUrl,
        'messenger',
        unicode,
        vectors.vectors[1]?.['X-Hub-Signature-256'],
      );
      expect(messenger.status).toBe(200);
      await settle();
      const convs = await conversations();
      expect(convs.some((c) => c.channel === 'whatsapp' && c.customerRef === '+16505551234')).toBe(true);
      expect(convs.some((c) => c.channel === 'messenger' && c.customerRef === '456')).toBe(true);
    });

    it("replays every one of Meta's webhook examples; each message becomes a conversation message once", async () => {
      const files = listTestdata('webhooks');
      expect(files.length).toBe(16);
      const messageIds: string[] = [];
      for (const file of files) {
        // Several examples reuse one wamid (deduplicated, correctly); a per-file suffix keeps each type.
        const raw = fs
          .readFileSync(path.join(TESTDATA, 'webhooks', file), 'utf8')
          .replace(/"id": "(wamid\.[^"]+)"/g, `"id": "$1.${file}"`);
        for (const entry of JSON.parse(raw).entry)
          for (const change of entry.changes)
            for (const m of change.value.messages ?? []) messageIds.push(m.id);
        // Twice: Meta retries and duplicates; the effect must be exactly once.
        for (let i = 0; i < 2; i++)
          expect((await postWebhook(env.running.baseUrl, 'whatsapp', raw)).status).toBe(200);
      }
      await settle();
      const rows = await env.running.app.switchboard.database.db
        .selectFrom('channel_messages')
        .select(['external_id', 'type', 'text'])
        .where('external_id', 'in', messageIds)
        .execute();
      expect(new Set(rows.map((r) => r.external_id))).toEqual(new Set(messageIds));
      expect(rows.length).toBe(new Set(messageIds).size);
      const types = new Set(rows.map((r) => r.type));
      for (const t of [
        'text',
        'image',
        'location',
        'contacts',
        'interactive',
        'button',
        'reaction',
        'order',
        'system',
        'unsupported',
      ]) {
        expect(types, t).toContain(t);
      }
      const pending = await env.running.app.switchboard.database.db
        .selectFrom('webhook_inbox')
        .select('id')
        .where('status', '!=', 'done')
        .execute();
      expect(pending).toEqual([]);
    });

    it('takes batches of many entries, Messenger and Instagram events, and tolerates unknown shapes', async () => {
      const batch = whatsappText(PHONE, '15550002000', 'first');
      const entries = Array.from(
        { length: 50 },
        (_, i) => whatsappText(PHONE, `1555000${3000 + (i % 10)}`, `batch ${i}`).entry[0],
      );
      const payload = { ...batch, entry: [...batch.entry, ...entries] };
      (payload.entry[0]?.changes[0]?.value as Record<string, unknown>).brand_new_field = { anything: true };
      expect((await postWebhook(env.running.baseUrl, 'whatsapp', payload)).status).toBe(200);
      const unknownType = whatsappText(PHONE, '15550004000', 'x');
      const message = unknownType.entry[0]?.changes[0]?.value.messages[0] as Record<string, unknown>;
      message.type = 'hologram';
      message.hologram = { depth: 3 };
      expect((await postWebhook(env.running.baseUrl, 'whatsapp', unknownType)).status).toBe(200);
      expect(
        (
          await postWebhook(env.running.baseUrl, 'whatsapp', {
            object: 'whatsapp_business_account',
            entry: [{ id: '1', changes: [{ field: 'account_update', value: {} }] }],
          })
        ).status,
      ).toBe(200);
      expect(
        (await postWebhook(env.running.baseUrl, 'messenger', messagingText('page', PAGE, 'psid-1', 'hola')))
          .status,
      ).toBe(200);
      const echo = messagingText('page', PAGE, PAGE, 'our own echo');
      (echo.entry[0]?.messaging[0]?.message as Record<string, unknown>).is_echo = true;
      expect((await postWebhook(env.running.baseUrl, 'messenger', echo)).status).toBe(200);
      expect(
        (await postWebhook(env.running.baseUrl, 'instagram', messagingText('instagram', IG, 'igsid-1', 'oi')))
          .status,
      ).toBe(200);
      expect((await postWebhook(env.running.baseUrl, 'instagram', '{"not json')).status).toBe(200);
      await settle();
      const convs = await conversations();
      expect(convs.filter((c) => c.customerRef.startsWith('+1555000300')).length).toBe(10);
      expect(convs.some((c) => c.customerRef === '+15550004000')).toBe(true);
      expect(convs.some((c) => c.channel === 'messenger' && c.customerRef === 'psid-1')).toBe(true);
      expect(convs.some((c) => c.channel === 'messenger' && c.customerRef === PAGE)).toBe(false);
      expect(convs.some((c) => c.channel === 'instagram' && c.customerRef === 'igsid-1')).toBe(true);
    });

    it('keeps a retried message exactly once, even when retries arrive concurrently', async () => {
      const body = whatsappText(PHONE, '15550005000', 'same message', { id: 'wamid.concurrent-dup' });
      const results = await Promise.all(
        Array.from({ length: 10 }, () => postWebhook(env.running.baseUrl, 'whatsapp', body)),
      );
      expect(results.every((r) => r.status === 200)).toBe(true);
      await settle();
      const conv = (await conversations()).find((c) => c.customerRef === '+15550005000');
      expect(conv).toBeDefined();
      const messages = await env.admin.get<{ messages: { externalId: string }[] }>(
        `/api/v1/conversations/${conv?.id}/messages`,
      );
      expect(messages.body.messages.filter((m) => m.externalId === 'wamid.concurrent-dup').length).toBe(1);
    });
  });
});
