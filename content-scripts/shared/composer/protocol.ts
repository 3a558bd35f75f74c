import type { InsertResult } from '../../../extension/api/protocol';

/**
 * Isolated content script ⇄ MAIN-world composer script.
 *
 * Channel: CustomEvents on `document`, payloads as JSON strings. Why not postMessage with a nonce:
 * the MAIN-world script runs in the page's own JS realm, so any secret it holds (a nonce read from
 * a DOM attribute included) is readable by the page too — a nonce would add ceremony, not safety.
 * What we rely on instead: (1) nothing secret crosses — the text is going into the page's own
 * composer anyway; (2) the only action the MAIN side performs is "insert text into this page's
 * composer", which the page can already do itself, and it NEVER sends; (3) the isolated side
 * correlates answers by a random request id and validates their shape, so a forged or stray event
 * can at worst make one insertion report a wrong outcome. CustomEvents on `document` also do not
 * reach other frames or the sidebar (unlike window.postMessage), and JSON strings cross worlds
 * identically in Chromium and Firefox (object `detail`s do not without cloneInto).
 */
export const INSERT_REQUEST_EVENT = 'switchboard:composer-insert';
export const INSERT_RESULT_EVENT = 'switchboard:composer-result';

export interface InsertRequest {
  id: string;
  text: string;
  /** Ordered CSS selectors for the composer (the adapter's hook table, localized ones expanded). */
  selectors: string[];
  /** The composer must be inside this (keeps the Lexical search box out of reach). */
  scope: string;
}

export interface InsertAnswer {
  id: string;
  result: InsertResult;
}

export function parseJson<T>(detail: unknown, check: (value: unknown) => value is T): T | null {
  if (typeof detail !== 'string') return null;
  try {
    const value: unknown = JSON.parse(detail);
    return check(value) ? value : null;
  } catch {
    return null;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export function isInsertRequest(v: unknown): v is InsertRequest {
  return (
    isObject(v) &&
    typeof v.id === 'string' &&
    typeof v.text === 'string' &&
    typeof v.scope === 'string' &&
    Array.isArray(v.selectors) &&
    v.selectors.every((s) => typeof s === 'string')
  );
}

export function isInsertAnswer(v: unknown): v is InsertAnswer {
  if (!isObject(v) || typeof v.id !== 'string' || !isObject(v.result)) return false;
  const r = v.result;
  if (r.ok === true) return r.method === 'beforeinput' || r.method === 'execCommand';
  return (
    r.ok === false &&
    typeof r.message === 'string' &&
    ['no-composer', 'not-applied', 'no-host-tab', 'disabled'].includes(String(r.reason))
  );
}
