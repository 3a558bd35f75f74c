import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, TeamTemplate } from '../protocol/v1';
import { type RunningApp, startApp, TEST_ADMIN_TOKEN, testConfig } from '../test-support/app';
import { type ApiClient, apiClient, enrollAgent, TestSocket } from '../test-support/client';
import { forEachDialect } from '../test-support/databases';

async function newOrganisation(baseUrl: string, name: string) {
  const created = await apiClient(baseUrl, TEST_ADMIN_TOKEN).post<{ enrollmentCode: string }>(
    '/api/v1/organisations',
    { name },
  );
  const admin = await apiClient(baseUrl).post<{ token: string; agent: Agent }>('/api/v1/enroll', {
    code: created.body.enrollmentCode,
    name: `${name} admin`,
    email: `admin-${name}-${Math.random()}@x.test`,
  });
  return { token: admin.body.token, api: apiClient(baseUrl, admin.body.token) };
}

function template(id: string, shortcut: string, body = 'Hi {{customer.firstName}}, thanks for waiting.') {
  return {
    id,
    shortcut,
    title: `Title ${id}`,
    intent: 'order_status',
    variants: [
      { lang: 'en', body },
      { lang: 'es', body: 'Hola {{customer.firstName}}, gracias por esperar.' },
    ],
    updatedAt: '2026-01-31T09:00:00Z',
  };
}

type ListBody = { templates: TeamTemplate[]; updatedAt: number };
type ErrorBody = {
  error: { code: string; message: string; details?: { problems: { path: string; message: string }[] } };
};

forEachDialect((_dialect, databases) => {
  describe('team templates: GET/PUT /api/v1/templates, DELETE /api/v1/templates/:id', () => {
    let running: RunningApp;
    let adminA: ApiClient;
    let leadA: ApiClient;
    let agentA: ApiClient;
    let adminB: ApiClient;
    let agentB: ApiClient;
    let agentAToken: string;
    let agentBToken: string;

    beforeAll(async () => {
      running = await startApp(testConfig(await databases.create()));
      const a = await newOrganisation(running.baseUrl, 'Alpha');
      const b = await newOrganisation(running.baseUrl, 'Beta');
      adminA = a.api;
      adminB = b.api;
      leadA = (await enrollAgent(running.baseUrl, a.token, { role: 'lead' })).api;
      const enrolledA = await enrollAgent(running.baseUrl, a.token, { role: 'agent' });
      const enrolledB = await enrollAgent(running.baseUrl, b.token, { role: 'agent' });
      agentA = enrolledA.api;
      agentB = enrolledB.api;
      agentAToken = enrolledA.token;
      agentBToken = enrolledB.token;
    });
    afterAll(() => running?.close());

    it('needs a token', async () => {
      const client = apiClient(running.baseUrl);
      expect((await client.get('/api/v1/templates')).status).toBe(401);
      expect((await client.put('/api/v1/templates', [])).status).toBe(401);
      expect((await client.raw('DELETE', '/api/v1/templates/x')).status).toBe(401);
    });

    it('starts empty; a lead replaces the set from an export file; every agent of the org reads it in order', async () => {
      const empty = await agentA.get<ListBody>('/api/v1/templates');
      expect(empty.status).toBe(200);
      expect(empty.body).toEqual({ templates: [], updatedAt: 0 });

      const file = {
        format: 'switchboard.templates',
        version: 1,
        exportedAt: '2026-02-01T00:00:00Z',
        templates: [
          template('where-is-order', '/where'),
          { ...template('refund', '/refund'), source: 'personal' },
        ],
      };
      const saved = await leadA.put<ListBody>('/api/v1/templates', file);
      expect(saved.status).toBe(200);
      expect(saved.body.templates.map((t) => t.id)).toEqual(['where-is-order', 'refund']);

      const read = await agentA.get<ListBody>('/api/v1/templates');
      expect(read.status).toBe(200);
      expect(read.body.updatedAt).toBeGreaterThan(0);
      expect(read.body.templates.map((t) => t.id)).toEqual(['where-is-order', 'refund']);
      // Stored as team templates, defaults filled, content as sent.
      expect(read.body.templates.every((t) => t.source === 'team')).toBe(true);
      expect(read.body.templates[0]).toMatchObject({
        shortcut: '/where',
        tags: [],
        variants: file.templates[0]!.variants,
      });

      // A bare list replaces the whole set (nothing left over from the previous one).
      const replaced = await adminA.put<ListBody>('/api/v1/templates', [template('greeting', '/hi')]);
      expect(replaced.status).toBe(200);
      const after = await agentA.get<ListBody>('/api/v1/templates');
      expect(after.body.templates.map((t) => t.id)).toEqual(['greeting']);
    });

    it('refuses an invalid set with a 400 listing each problem, and keeps the stored set', async () => {
      await adminA.put('/api/v1/templates', [template('keep-me', '/keep')]);
      const bad = await leadA.put<ErrorBody>('/api/v1/templates', {
        format: 'switchboard.templates',
        version: 1,
        templates: [
          template('one', '/one'),
          { ...template('two', 'no-slash'), variants: [{ lang: 'english', body: '' }] },
          template('one', '/one'),
        ],
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('invalid_templates');
      const problems = bad.body.error.details?.problems ?? [];
      const paths = problems.map((p) => p.path);
      expect(paths).toEqual(
        expect.arrayContaining([
          'templates[1].shortcut',
          'templates[1].variants[0].lang',
          'templates[1].variants[0].body',
          'templates[2].id',
          'templates[2].shortcut',
        ]),
      );
      expect(problems.find((p) => p.path === 'templates[1].variants[0].body')?.message).toBe(
        'template 2 ("two"), variants[0].body: the reply text is empty',
      );
      expect(bad.body.error.message).toMatch(/^These templates cannot be saved: /);

      const notAFile = await leadA.put<ErrorBody>('/api/v1/templates', { format: 'other', templates: 'x' });
      expect(notAFile.status).toBe(400);
      expect(notAFile.body.error.details?.problems.map((p) => p.path)).toEqual(['format', 'templates']);

      const stillThere = await agentA.get<ListBody>('/api/v1/templates');
      expect(stillThere.body.templates.map((t) => t.id)).toEqual(['keep-me']);
    });

    it('only leads and admins change the set', async () => {
      await adminA.put('/api/v1/templates', [template('a1', '/a1'), template('a2', '/a2')]);
      const put = await agentA.put<ErrorBody>('/api/v1/templates', [template('mine', '/mine')]);
      expect(put.status).toBe(403);
      const del = await agentA.raw<ErrorBody>('DELETE', '/api/v1/templates/a1');
      expect(del.status).toBe(403);
      expect((await agentA.get<ListBody>('/api/v1/templates')).body.templates.map((t) => t.id)).toEqual([
        'a1',
        'a2',
      ]);

      const deleted = await leadA.raw<{ deleted: string }>('DELETE', '/api/v1/templates/a1');
      expect(deleted.status).toBe(200);
      expect(deleted.body).toEqual({ deleted: 'a1' });
      expect((await agentA.get<ListBody>('/api/v1/templates')).body.templates.map((t) => t.id)).toEqual([
        'a2',
      ]);
      expect((await leadA.raw('DELETE', '/api/v1/templates/a1')).status).toBe(404);
    });

    it("keeps organisations apart: nobody reads or changes another organisation's templates", async () => {
      await adminA.put('/api/v1/templates', [template('alpha-only', '/alpha')]);
      await adminB.put('/api/v1/templates', [
        template('beta-only', '/beta'),
        template('shared-id', '/shared'),
      ]);

      expect((await agentB.get<ListBody>('/api/v1/templates')).body.templates.map((t) => t.id)).toEqual([
        'beta-only',
        'shared-id',
      ]);
      expect((await agentA.get<ListBody>('/api/v1/templates')).body.templates.map((t) => t.id)).toEqual([
        'alpha-only',
      ]);

      // Org B's admin deleting org A's template id: not found, and A's set is untouched.
      expect((await adminB.raw('DELETE', '/api/v1/templates/alpha-only')).status).toBe(404);
      // The same id may exist in both organisations; replacing B's set leaves A's alone.
      await adminA.put('/api/v1/templates', [template('shared-id', '/shared-a')]);
      await adminB.put('/api/v1/templates', []);
      expect((await agentB.get<ListBody>('/api/v1/templates')).body).toEqual({ templates: [], updatedAt: 0 });
      const a = await agentA.get<ListBody>('/api/v1/templates');
      expect(a.body.templates.map((t) => [t.id, t.shortcut])).toEqual([['shared-id', '/shared-a']]);
    });

    it("pushes templates.updated to the organisation's agents only, on PUT and DELETE", async () => {
      const socketA = await TestSocket.connect(running.wsUrl, agentAToken);
      const socketB = await TestSocket.connect(running.wsUrl, agentBToken);
      try {
        const updated = (m: { type: string }) => m.type === 'templates.updated';
        await leadA.put('/api/v1/templates', [template('pushed', '/pushed')]);
        await socketA.waitFor(updated);
        await adminB.put('/api/v1/templates', [template('b-pushed', '/bpushed')]);
        await socketB.waitFor(updated);
        // B heard its own change only, not A's.
        expect(socketB.messages.filter(updated)).toHaveLength(1);
        expect((await leadA.raw('DELETE', '/api/v1/templates/pushed')).status).toBe(200);
        await socketA.waitFor((m) => updated(m) && socketA.messages.filter(updated).length === 2);
        expect(socketA.messages.filter(updated)).toHaveLength(2);
      } finally {
        await socketA.close();
        await socketB.close();
      }
    });
  });
});
