/**
 * Team templates from the backend. When this browser is enrolled in a team, the organisation's
 * set (`GET /api/v1/templates`) is fetched when the sync socket comes online and every 10 minutes
 * while the worker runs, and applied with `applyTeamSnapshot`: team templates replace local ones
 * by id, team templates the backend dropped are removed, personal templates stay. The last
 * snapshot is kept locally, so a worker that starts offline still has the team's library; leaving
 * the team removes the team templates (personal ones stay).
 */
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import type { TeamTemplatesResponse } from '../../backend/protocol/v1';
import { validateTemplates } from '../suggestions/template-io';
import { applyTeamSnapshot, type TeamMergeResult } from '../suggestions/template-merge';
import type { Template } from '../suggestions/template-model';
import type { TemplateRepository } from '../suggestions/template-repository';
import { DeliveryError, type FetchLike, RestClient } from '../sync/rest';

export const TEAM_TEMPLATES_REFRESH_MS = 10 * 60_000;

/** The last snapshot the backend sent, for offline starts. */
export interface TeamSnapshotCache {
  backendUrl: string;
  orgId: string;
  fetchedAt: number;
  updatedAt: number;
  templates: Template[];
}

export interface SnapshotStore {
  read(): Promise<TeamSnapshotCache | undefined>;
  write(snapshot: TeamSnapshotCache): Promise<void>;
  clear(): Promise<void>;
}

export function createIdbSnapshotStore(
  store: UseStore = createStore('switchboard-replies-team', 'snapshot'),
): SnapshotStore {
  const KEY = 'team-templates';
  return {
    read: () => get<TeamSnapshotCache>(KEY, store),
    write: (snapshot) => set(KEY, snapshot, store),
    clear: () => del(KEY, store),
  };
}

export function createMemorySnapshotStore(): SnapshotStore {
  let value: TeamSnapshotCache | undefined;
  return {
    read: async () => value && structuredClone(value),
    write: async (snapshot) => {
      value = structuredClone(snapshot);
    },
    clear: async () => {
      value = undefined;
    },
  };
}

/** What the background knows about the team session (never more than it needs). */
export interface TeamSession {
  backendUrl: string;
  token: string;
  orgId: string;
}

export interface TeamTemplateSyncDeps {
  repository: TemplateRepository;
  snapshots: SnapshotStore;
  /** The enrolled session, or null in local-only mode. */
  session: () => Promise<TeamSession | null>;
  /** The library changed: the reply service rebuilds its suggestion index. */
  onApplied?: (result: TeamMergeResult) => void;
  fetch?: FetchLike;
  now?: () => number;
  setInterval?: (run: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

export type TeamRefreshOutcome =
  | { kind: 'local' }
  | { kind: 'fetched'; count: number; result: TeamMergeResult }
  | { kind: 'cached'; count: number; error: string }
  | { kind: 'failed'; error: string }
  | { kind: 'left'; removed: number };

export interface TeamTemplateSync {
  /** Fetches and applies the team's set now; falls back to the cached snapshot when offline. */
  refresh(): Promise<TeamRefreshOutcome>;
  /** Refreshes now and then every 10 minutes. */
  start(): void;
  stop(): void;
}

export function createTeamTemplateSync(deps: TeamTemplateSyncDeps): TeamTemplateSync {
  const now = deps.now ?? Date.now;
  const every = deps.setInterval ?? ((run, ms) => setInterval(run, ms));
  const cancel = deps.clearInterval ?? ((handle) => clearInterval(handle as ReturnType<typeof setInterval>));
  let timer: unknown;
  let running: Promise<TeamRefreshOutcome> | null = null;
  let appliedCache = false;

  const apply = async (templates: readonly Template[]) => {
    const result = await applyTeamSnapshot(deps.repository, templates);
    deps.onApplied?.(result);
    return result;
  };

  async function refreshOnce(): Promise<TeamRefreshOutcome> {
    const session = await deps.session();
    const cached = await deps.snapshots.read();
    if (!session) {
      if (!cached) return { kind: 'local' };
      // Left the team: its templates go, the agent's own stay.
      const result = await apply([]);
      await deps.snapshots.clear();
      return { kind: 'left', removed: result.removed.length };
    }
    const sameTeam = cached?.orgId === session.orgId && cached.backendUrl === session.backendUrl;
    try {
      const rest = new RestClient(session.backendUrl, session.token, deps.fetch);
      const response = await rest.get<TeamTemplatesResponse>('/api/v1/templates');
      const checked = validateTemplates(response?.templates ?? null);
      if (!checked.ok) {
        throw new Error(
          `The team server sent templates this version cannot use: ${checked.problems
            .slice(0, 3)
            .map((p) => p.message)
            .join('; ')}`,
        );
      }
      const result = await apply(checked.templates);
      await deps.snapshots.write({
        backendUrl: session.backendUrl,
        orgId: session.orgId,
        fetchedAt: now(),
        updatedAt: Number(response.updatedAt) || 0,
        templates: checked.templates,
      });
      appliedCache = true;
      return { kind: 'fetched', count: checked.templates.length, result };
    } catch (error) {
      const message =
        error instanceof DeliveryError || error instanceof Error ? error.message : String(error);
      if (sameTeam && cached && !appliedCache) {
        // Offline start: the last snapshot is the team's library until the server answers.
        await apply(cached.templates);
        appliedCache = true;
        return { kind: 'cached', count: cached.templates.length, error: message };
      }
      return { kind: 'failed', error: message };
    }
  }

  const refresh = () => {
    // Overlapping triggers (socket welcome and the timer) share one fetch.
    running ??= refreshOnce().finally(() => {
      running = null;
    });
    return running;
  };

  return {
    refresh,
    start() {
      void refresh().catch(() => undefined);
      if (timer === undefined) {
        timer = every(() => {
          void refresh().catch(() => undefined);
        }, TEAM_TEMPLATES_REFRESH_MS);
      }
    },
    stop() {
      if (timer !== undefined) cancel(timer);
      timer = undefined;
    },
  };
}
