import { describe, expect, it } from 'vitest';
import { STARTER_TEMPLATES } from './starter-templates';
import {
  exportTemplates,
  importTemplatesOrThrow,
  parseTemplatesJson,
  TemplateImportError,
} from './template-io';

const valid = {
  id: 't1',
  shortcut: '/refund',
  title: 'Refund',
  intent: 'refund',
  variants: [{ lang: 'en', body: 'Hi {{customer.firstName}}' }],
  updatedAt: '2026-01-01T00:00:00Z',
};

describe('template import/export', () => {
  it('round-trips the starter set', () => {
    const json = exportTemplates(STARTER_TEMPLATES, new Date('2026-02-01T00:00:00Z'));
    const result = parseTemplatesJson(json);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.templates).toEqual(STARTER_TEMPLATES);
  });

  it('accepts a bare list and fills defaults', () => {
    const result = parseTemplatesJson(JSON.stringify([valid]));
    expect(result.ok && result.templates[0]).toMatchObject({ tags: [], source: 'personal' });
  });

  it('says what is wrong and where', () => {
    const bad = [
      valid,
      { ...valid, id: 'refund-2', shortcut: 'refund', variants: [{ lang: 'English', body: '' }] },
      { ...valid, id: 't1', shortcut: '/Refund' },
    ];
    const result = parseTemplatesJson(
      JSON.stringify({ format: 'switchboard.templates', version: 1, templates: bad }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byPath = Object.fromEntries(result.problems.map((p) => [p.path, p.message]));
    expect(byPath['templates[1].shortcut']).toMatch(
      /template 2 \("refund-2"\), shortcut: a shortcut is "\/"/,
    );
    expect(byPath['templates[1].variants[0].lang']).toMatch(/language code/);
    expect(byPath['templates[1].variants[0].body']).toMatch(/empty/);
    expect(byPath['templates[2].id']).toMatch(/also used by template 1/);
    expect(byPath['templates[2].shortcut']).toMatch(/\/Refund is also used by template 1/);
  });

  it('rejects invalid JSON and unknown versions without throwing', () => {
    const notJson = parseTemplatesJson('{"templates": [');
    expect(notJson.ok).toBe(false);
    if (!notJson.ok) expect(notJson.problems[0]?.message).toMatch(/not valid JSON/);
    const newer = parseTemplatesJson(
      JSON.stringify({ format: 'switchboard.templates', version: 2, templates: [] }),
    );
    expect(newer.ok).toBe(false);
    if (!newer.ok) expect(newer.problems[0]?.message).toMatch(/newer Switchboard/);
    expect(parseTemplatesJson('42').ok).toBe(false);
  });

  it('offers a throwing variant listing every problem', () => {
    expect(() => importTemplatesOrThrow('[{"id": ""}]')).toThrow(TemplateImportError);
    expect(() => importTemplatesOrThrow('[{"id": ""}]')).toThrow(/cannot be imported/);
  });
});
