import { browser } from 'wxt/browser';

/**
 * Team mode settings. The backend address and the organisation's enrollment code come from
 * managed storage (an organisation-wide policy install, see public/managed_schema.json) or are
 * entered by the agent. Enrolling exchanges the code for an agent token ONCE; the token lives in
 * storage.local and is read only by the background (it never crosses to the sidebar or the page).
 * With nothing configured the extension stays in local-only mode and nothing here is used.
 */
export interface TeamSettings {
  /** http(s) origin (plus optional path prefix) of the Switchboard backend, no trailing slash. */
  backendUrl: string;
  /** The organisation's enrollment code (only needed until enrolled). */
  enrollmentCode?: string;
}

/** What enrollment left behind. The token is a secret: background only. */
export interface TeamCredentials {
  backendUrl: string;
  token: string;
  agentId: string;
  agentName: string;
  agentRole?: 'admin' | 'lead' | 'agent';
  orgId: string;
  orgName: string;
  enrolledAt: number;
}

export const TEAM_SETTINGS_KEY = 'teamSettings';
export const TEAM_CREDENTIALS_KEY = 'teamCredentials';

/** Keys of the managed_schema (policy). */
export const MANAGED_KEYS = { backendUrl: 'backendUrl', enrollmentCode: 'enrollmentCode' } as const;

/** Accepts http(s) URLs only; returns the normalised base URL or null. */
export function normalizeBackendUrl(raw: string): string | null {
  const trimmed = raw.trim();
  if (!trimmed) return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password) return null;
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}`;
}

/** The WebSocket endpoint of a backend base URL (http → ws, https → wss). */
export function webSocketUrl(backendUrl: string): string {
  const url = new URL(`${backendUrl}/api/v1/ws`);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/** Plain-language problems with settings the agent typed; empty when they can be used. */
export function validateTeamSettings(settings: { backendUrl: string; enrollmentCode?: string }): string[] {
  const problems: string[] = [];
  if (!normalizeBackendUrl(settings.backendUrl)) problems.push('backendUrl');
  const code = settings.enrollmentCode?.trim() ?? '';
  if (code.length < 8 || code.length > 100) problems.push('enrollmentCode');
  return problems;
}

function parseSettings(value: unknown): TeamSettings | null {
  if (!value || typeof value !== 'object') return null;
  const record = value as Record<string, unknown>;
  const backendUrl = typeof record.backendUrl === 'string' ? normalizeBackendUrl(record.backendUrl) : null;
  if (!backendUrl) return null;
  const code = typeof record.enrollmentCode === 'string' ? record.enrollmentCode.trim() : '';
  return code ? { backendUrl, enrollmentCode: code } : { backendUrl };
}

/** Policy settings, or null where there is no policy (or the browser has no managed storage). */
export async function readManagedTeamSettings(): Promise<TeamSettings | null> {
  try {
    const managed = await browser.storage.managed.get([MANAGED_KEYS.backendUrl, MANAGED_KEYS.enrollmentCode]);
    return parseSettings(managed);
  } catch {
    // Firefox without a policy file, or a browser without managed storage: not managed.
    return null;
  }
}

export async function readLocalTeamSettings(): Promise<TeamSettings | null> {
  const stored = await browser.storage.local.get(TEAM_SETTINGS_KEY);
  return parseSettings(stored[TEAM_SETTINGS_KEY]);
}

/** Policy wins over what the agent typed. */
export async function readTeamSettings(): Promise<{ settings: TeamSettings | null; managed: boolean }> {
  const managed = await readManagedTeamSettings();
  if (managed) return { settings: managed, managed: true };
  return { settings: await readLocalTeamSettings(), managed: false };
}

export async function saveLocalTeamSettings(settings: TeamSettings): Promise<void> {
  await browser.storage.local.set({ [TEAM_SETTINGS_KEY]: settings });
}

export async function readTeamCredentials(): Promise<TeamCredentials | null> {
  const stored = await browser.storage.local.get(TEAM_CREDENTIALS_KEY);
  const value = stored[TEAM_CREDENTIALS_KEY] as Partial<TeamCredentials> | undefined;
  if (!value || typeof value.token !== 'string' || typeof value.backendUrl !== 'string') return null;
  return value as TeamCredentials;
}

export async function saveTeamCredentials(credentials: TeamCredentials): Promise<void> {
  await browser.storage.local.set({ [TEAM_CREDENTIALS_KEY]: credentials });
}

/** Signs out: forgets the token (and the typed settings, unless asked to keep them). */
export async function clearTeamCredentials(): Promise<void> {
  await browser.storage.local.remove(TEAM_CREDENTIALS_KEY);
}
