/**
 * Personal templates and usage stats, kept with idb-keyval in the service worker's own
 * database (extension origin only). The Dexie `templates` table in background/store predates the
 * template model (name/body, one language) and belongs to the store's owner; two small keys here
 * keep the reply library independent until team templates sync through the backend.
 */
import { createStore, get, set, type UseStore } from 'idb-keyval';
import type { Template } from '../suggestions/template-model';
import type { TemplateRepository } from '../suggestions/template-repository';
import type { TemplateStats } from '../suggestions/template-stats';

const TEMPLATES_KEY = 'templates';
const STATS_KEY = 'stats';

export function createIdbTemplateRepository(
  store: UseStore = createStore('switchboard-replies', 'library'),
): TemplateRepository {
  // One writer (the service worker) with read-modify-write steps: serialise them so two quick
  // saves cannot drop each other's changes.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(step: () => Promise<T>): Promise<T> => {
    const next = queue.then(step, step);
    queue = next.catch(() => undefined);
    return next;
  };
  const readTemplates = async () => (await get<Template[]>(TEMPLATES_KEY, store)) ?? [];
  const readStats = async () => (await get<TemplateStats[]>(STATS_KEY, store)) ?? [];
  return {
    list: () => serial(readTemplates),
    get: (id) => serial(async () => (await readTemplates()).find((t) => t.id === id)),
    save: (templates) =>
      serial(async () => {
        const byId = new Map((await readTemplates()).map((t) => [t.id, t]));
        for (const template of templates) byId.set(template.id, template);
        await set(TEMPLATES_KEY, [...byId.values()], store);
      }),
    remove: (ids) =>
      serial(async () => {
        const drop = new Set(ids);
        await set(
          TEMPLATES_KEY,
          (await readTemplates()).filter((t) => !drop.has(t.id)),
          store,
        );
        await set(
          STATS_KEY,
          (await readStats()).filter((s) => !drop.has(s.templateId)),
          store,
        );
      }),
    listStats: () => serial(readStats),
    saveStats: (stats) =>
      serial(async () => {
        const byId = new Map((await readStats()).map((s) => [s.templateId, s]));
        for (const item of stats) byId.set(item.templateId, item);
        await set(STATS_KEY, [...byId.values()], store);
      }),
  };
}
