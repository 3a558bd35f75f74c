/**
 * Where templates and their usage stats live. The service worker wires a Dexie implementation
 * against its own database; this module only defines the contract and an in-memory one (tests,
 * benchmarks, and a sidebar preview that must not touch storage).
 */
import type { Template } from './template-model';
import type { TemplateStats } from './template-stats';

export interface TemplateRepository {
  list(): Promise<Template[]>;
  get(id: string): Promise<Template | undefined>;
  /** Inserts or replaces by id. */
  save(templates: readonly Template[]): Promise<void>;
  remove(ids: readonly string[]): Promise<void>;
  listStats(): Promise<TemplateStats[]>;
  /** Inserts or replaces by templateId. */
  saveStats(stats: readonly TemplateStats[]): Promise<void>;
}

/**
 * Copies on the way in and out, like IndexedDB's structured clone, so a caller mutating an
 * object it got back cannot change what is stored behind the repository's back.
 */
export function createMemoryTemplateRepository(initial: readonly Template[] = []): TemplateRepository {
  const templates = new Map<string, Template>(initial.map((t) => [t.id, structuredClone(t)]));
  const stats = new Map<string, TemplateStats>();
  return {
    async list() {
      return [...templates.values()].map((t) => structuredClone(t));
    },
    async get(id) {
      const template = templates.get(id);
      return template && structuredClone(template);
    },
    async save(items) {
      for (const item of items) templates.set(item.id, structuredClone(item));
    },
    async remove(ids) {
      for (const id of ids) {
        templates.delete(id);
        stats.delete(id);
      }
    },
    async listStats() {
      return [...stats.values()].map((s) => structuredClone(s));
    },
    async saveStats(items) {
      for (const item of items) stats.set(item.templateId, structuredClone(item));
    },
  };
}
