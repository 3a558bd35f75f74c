import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp, testConfig } from '../test-support/app';
import { forEachDialect } from '../test-support/databases';

forEachDialect((dialect, databases) => {
  describe('GET /healthz', () => {
    let running: RunningApp;
    let url: string;
    beforeAll(async () => {
      url = await databases.create();
      running = await startApp(testConfig(url));
    });
    afterAll(() => running?.close());

    it('reports ok and the dialect over real HTTP', async () => {
      const response = await fetch(`${running.baseUrl}/healthz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ok: true, dialect });
    });

    it('answers unknown routes with a JSON 404', async () => {
      const response = await fetch(`${running.baseUrl}/nope`);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
    });

    if (dialect === 'sqlite') {
      it('created the database file on first start', () => {
        expect(fs.existsSync(url.replace(/^sqlite:/, ''))).toBe(true);
      });
    }
  });
});
