/**
 * Cache of finished translations, so re-rendering a conversation does not send the same
 * message to the engine again. Keys include the engine: switching engines must not serve
 * another engine's wording as if it were this one's.
 */
import { createStore, getMany, setMany, type UseStore } from 'idb-keyval';

export interface TranslationCache {
  getMany(keys: readonly string[]): Promise<Array<string | undefined>>;
  setMany(entries: ReadonlyArray<readonly [string, string]>): Promise<void>;
}

export function translationCacheKey(engineId: string, from: string, to: string, text: string): string {
  return `${engineId}|${from}|${to}|${text}`;
}

/** Least-recently-used in memory; for tests and for contexts without IndexedDB. */
export function createMemoryCache(maxEntries = 5_000): TranslationCache {
  const entries = new Map<string, string>();
  return {
    async getMany(keys) {
      return keys.map((key) => {
        const value = entries.get(key);
        if (value !== undefined) {
          entries.delete(key);
          entries.set(key, value);
        }
        return value;
      });
    },
    async setMany(items) {
      for (const [key, value] of items) {
        entries.delete(key);
        entries.set(key, value);
        if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      }
    },
  };
}

/**
 * idb-keyval in its own database. Only call this from extension-origin contexts (the service
 * worker, extension pages): IndexedDB opened from a content script belongs to the host site.
 */
export function createIdbCache(
  store: UseStore = createStore('switchboard-translations', 'translations'),
): TranslationCache {
  return {
    getMany: (keys) => getMany<string>([...keys], store),
    setMany: (entries) =>
      setMany(
        entries.map(([k, v]) => [k, v]),
        store,
      ),
  };
}
