import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { testConfig } from '../test-support/app';
import { forEachDialect } from '../test-support/databases';

forEachDialect((_dialect, databases) => {
  describe('shutdown', () => {
    it('answers a request in flight when close begins, then closes its keep-alive connection', async () => {
      const app = await buildApp(testConfig(await databases.create()));
      // A route the test holds open until close() has begun, like a webhook being processed.
      let entered: () => void = () => {};
      const inHandler = new Promise<void>((resolve) => {
        entered = resolve;
      });
      let release: () => void = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      app.post('/test/held', async () => {
        entered();
        await released;
        return { ok: true };
      });
      // Registered after the app's own hooks: runs once close() has begun shutting down.
      app.addHook('preClose', async () => release());
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as AddressInfo;
      const url = `http://127.0.0.1:${port}/test/held`;

      const response = fetch(url, { method: 'POST' });
      await inHandler;
      let closed = false;
      const closing = app.close().then(() => {
        closed = true;
      });
      const answered = await response;
      expect(answered.status).toBe(200);
      expect(await answered.json()).toEqual({ ok: true });
      // Without this the connection stays open with keep-alive and close() waits for the
      // client's keep-alive timeout (72 s, past this test's timeout).
      expect(answered.headers.get('connection')).toBe('close');
      await closing;
      expect(closed).toBe(true);
      expect(app.server.listening).toBe(false);
    });
  });
});
