/**
 * Host access for the translation engine's server. The service worker fetches Apertium,
 * LibreTranslate or DeepL by URL; in MV3 a cross-origin fetch from the worker needs host
 * permission unless the server answers with CORS headers (DeepL's API does not). The manifest
 * only lists http(s) as optional host permissions: access is asked for exactly the configured
 * engine's origin, when the agent saves the translation settings (the click is the user gesture
 * the browser requires), and never up front.
 */
import { browser } from 'wxt/browser';
import { deeplBaseUrl } from '../../background/translation/deepl-engine';
import type { TranslationSettingsRecord } from './translation';

/** The origin the worker will fetch with these settings; null for on-device or no translation. */
export function engineOrigin(settings: TranslationSettingsRecord): string | null {
  const url = settings.url?.trim();
  try {
    switch (settings.engine) {
      case 'apertium':
      case 'libretranslate':
        return url ? new URL(url).origin : null;
      case 'deepl':
        return new URL(url || deeplBaseUrl(settings.apiKey ?? '')).origin;
      default:
        return null;
    }
  } catch {
    // An invalid address never reaches a request: settings validation refuses it first.
    return null;
  }
}

/**
 * The match pattern for one origin. Chrome's patterns can name the port, so the grant is that
 * exact origin; Firefox's cannot, so there it covers the host on any port.
 */
export function originPattern(origin: string, firefox: boolean): string {
  const url = new URL(origin);
  return `${url.protocol}//${firefox ? url.hostname : url.host}/*`;
}

export type EngineAccess =
  | { kind: 'not-needed' }
  | { kind: 'granted'; origin: string }
  | { kind: 'refused'; origin: string }
  | { kind: 'failed'; origin: string; message: string };

/** The parts of the permissions API used here (injectable for tests). */
export interface PermissionsApi {
  request(permissions: { origins: string[] }): Promise<boolean>;
}

function isFirefox(): boolean {
  return browser.runtime.getURL('/').startsWith('moz-extension:');
}

/**
 * Asks for access to the engine's origin. Call it first thing in the agent's click handler:
 * the browser accepts the request only while the click's user activation lasts. An origin
 * already granted resolves at once, without a prompt.
 */
export async function requestEngineAccess(
  settings: TranslationSettingsRecord,
  permissions: PermissionsApi = browser.permissions,
  firefox: boolean = isFirefox(),
): Promise<EngineAccess> {
  const origin = engineOrigin(settings);
  if (!origin) return { kind: 'not-needed' };
  try {
    const granted = await permissions.request({ origins: [originPattern(origin, firefox)] });
    return granted ? { kind: 'granted', origin } : { kind: 'refused', origin };
  } catch (error) {
    return { kind: 'failed', origin, message: String((error as Error)?.message ?? error) };
  }
}

/** The engine origin when this browser has not granted access to it; null when granted or none. */
export async function missingEngineAccess(
  settings: TranslationSettingsRecord,
  permissions: Pick<typeof browser.permissions, 'contains'> = browser.permissions,
  firefox: boolean = isFirefox(),
): Promise<string | null> {
  const origin = engineOrigin(settings);
  if (!origin) return null;
  return (await permissions.contains({ origins: [originPattern(origin, firefox)] })) ? null : origin;
}
