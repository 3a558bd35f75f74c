import { describe, expect, it } from 'vitest';
import { teamTemplateSchema } from '../../backend/protocol/v1';
import { STARTER_TEMPLATES } from '../suggestions/starter-templates';
import { type Template, type TemplateInput, templateSchema } from '../suggestions/template-model';
import { createMemoryTemplateRepository } from '../suggestions/template-repository';
import {
  createMemorySnapshotStore,
  createTeamTemplateSync,
  TEAM_TEMPLATES_REFRESH_MS,
  type TeamSession,
} from './team-templates';

const SESSION: TeamSession = { backendUrl: 'http://team.test', token: 'tok-123', orgId: 'org-a' };

function template(
  id: string,
  shortcut: string,
  source: 'team' | 'personal',
  body = `Body of ${id}`,
): Template {
  const input: TemplateInput = {
    id,
    shortcut,
    title: `Title ${id}`,
    intent: 'order_status',
    variants: [{ lang: 'en', body }],
    source,
    updatedAt: '2026-01-31T09:00:00Z',
  };
  return templateSchema.parse(input);
}

/** A fake backend: answers GET /api/v1/templates with `served`, or fails like a dead network. */
function fakeBackend() {
  const state = {
    served: [] as Template[],
    offline: false,
    calls: [] as Array<{ url: string; method: string; authorization: string | null }>,
  };
  const fetch = async (url: string, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    state.calls.push({ url, method: init?.method ?? 'GET', authorization: headers.get('authorization') });
    if (state.offline) throw new TypeError('Failed to fetch');
    return new Response(JSON.stringify({ templates: state.served, updatedAt: 1_000 }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { state, fetch };
}

function setup(initial: Template[] = []) {
  const backend = fakeBackend();
  const repository = createMemoryTemplateRepository(initial);
  const snapshots = createMemorySnapshotStore();
  let session: TeamSession | null = SESSION;
  let applied = 0;
  const timers: Array<{ run: () => void; ms: number }> = [];
  const sync = createTeamTemplateSync({
    repository,
    snapshots,
    session: async () => session,
    onApplied: () => {
      applied += 1;
    },
    fetch: backend.fetch,
    now: () => 5_000,
    setInterval: (run, ms) => {
      timers.push({ run, ms });
      return timers.length;
    },
    clearInterval: () => undefined,
  });
  return {
    backend,
    repository,
    snapshots,
    sync,
    timers,
    applied: () => applied,
    setSession: (next: TeamSession | null) => {
      session = next;
    },
  };
}

const ids = (templates: Template[]) => templates.map((t) => `${t.id}:${t.source}`).sort();

describe('team templates from the backend', () => {
  it('does nothing in local-only mode', async () => {
    const { sync, backend, setSession } = setup();
    setSession(null);
    expect(await sync.refresh()).toEqual({ kind: 'local' });
    expect(backend.state.calls).toEqual([]);
  });

  it('fetches with the agent token and applies the snapshot: team overrides by id, personal stays', async () => {
    const mine = template('mine', '/mine', 'personal');
    const oldTeam = template('t.refund', '/refund', 'team', 'old wording');
    const { sync, backend, repository, snapshots, applied } = setup([mine, oldTeam]);
    backend.state.served = [
      template('t.refund', '/refund', 'team', 'new wording'),
      template('t.hello', '/hello', 'team'),
    ];

    const outcome = await sync.refresh();
    expect(outcome).toMatchObject({ kind: 'fetched', count: 2 });
    expect(backend.state.calls).toEqual([
      { url: 'http://team.test/api/v1/templates', method: 'GET', authorization: 'Bearer tok-123' },
    ]);
    const library = await repository.list();
    expect(ids(library)).toEqual(['mine:personal', 't.hello:team', 't.refund:team']);
    expect(library.find((t) => t.id === 't.refund')?.variants[0]?.body).toBe('new wording');
    expect(applied()).toBe(1);
    expect(await snapshots.read()).toMatchObject({ orgId: 'org-a', fetchedAt: 5_000, updatedAt: 1_000 });

    // The backend dropped one: it goes; a personal template with a team id is kept renamed.
    backend.state.served = [template('t.hello', '/hello', 'team')];
    await repository.save([template('t.refund', '/myrefund', 'personal')]);
    await sync.refresh();
    expect(ids(await repository.list())).toEqual(['mine:personal', 't.hello:team', 't.refund:personal']);
  });

  it('starts offline from the cached snapshot, and refuses a malformed answer without touching the library', async () => {
    const first = setup([template('mine', '/mine', 'personal')]);
    first.backend.state.served = [template('t.hello', '/hello', 'team')];
    await first.sync.refresh();
    const cached = await first.snapshots.read();

    // A new worker, empty library, server unreachable: the snapshot fills in.
    const second = setup();
    await second.snapshots.write(cached!);
    second.backend.state.offline = true;
    const outcome = await second.sync.refresh();
    expect(outcome).toMatchObject({ kind: 'cached', count: 1 });
    expect(ids(await second.repository.list())).toEqual(['t.hello:team']);
    // Later failures report, and leave what is there.
    expect(await second.sync.refresh()).toMatchObject({ kind: 'failed' });
    expect(ids(await second.repository.list())).toEqual(['t.hello:team']);

    second.backend.state.offline = false;
    second.backend.state.served = [
      { ...template('bad', '/bad', 'team'), variants: [] } as unknown as Template,
    ];
    const refused = await second.sync.refresh();
    expect(refused.kind).toBe('failed');
    expect(refused.kind === 'failed' && refused.error).toMatch(/at least one language variant/);
    expect(ids(await second.repository.list())).toEqual(['t.hello:team']);
  });

  it("does not apply another organisation's cached snapshot", async () => {
    const { sync, snapshots, backend, repository } = setup();
    await snapshots.write({
      backendUrl: SESSION.backendUrl,
      orgId: 'org-b',
      fetchedAt: 1,
      updatedAt: 1,
      templates: [template('b.only', '/bonly', 'team')],
    });
    backend.state.offline = true;
    expect(await sync.refresh()).toMatchObject({ kind: 'failed' });
    expect(await repository.list()).toEqual([]);
  });

  it('leaving the team removes team templates and the cache; personal ones stay', async () => {
    const { sync, backend, repository, snapshots, setSession } = setup([
      template('mine', '/mine', 'personal'),
    ]);
    backend.state.served = [template('t.hello', '/hello', 'team')];
    await sync.refresh();
    setSession(null);
    expect(await sync.refresh()).toEqual({ kind: 'left', removed: 1 });
    expect(ids(await repository.list())).toEqual(['mine:personal']);
    expect(await snapshots.read()).toBeUndefined();
  });

  it('refreshes at start and every 10 minutes', async () => {
    const { sync, backend, timers } = setup();
    sync.start();
    sync.start();
    expect(timers.map((t) => t.ms)).toEqual([TEAM_TEMPLATES_REFRESH_MS]);
    expect(TEAM_TEMPLATES_REFRESH_MS).toBe(600_000);
    await sync.refresh();
    const before = backend.state.calls.length;
    timers[0]!.run();
    await sync.refresh();
    expect(backend.state.calls.length).toBeGreaterThan(before);
  });
});

describe('the backend wire schema', () => {
  it('accepts the starter set, and what it returns is a valid extension template', () => {
    for (const starter of STARTER_TEMPLATES) {
      const wire = teamTemplateSchema.parse(JSON.parse(JSON.stringify(starter)));
      expect(templateSchema.parse(wire)).toEqual(starter);
    }
  });
});
