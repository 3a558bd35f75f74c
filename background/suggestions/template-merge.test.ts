import { describe, expect, it } from 'vitest';
import { applyTeamSnapshot, mergeTeamTemplates } from './template-merge';
import type { Template } from './template-model';
import { createMemoryTemplateRepository } from './template-repository';

function template(id: string, source: Template['source'], body = 'Hello', shortcut = `/${id}`): Template {
  return {
    id,
    shortcut,
    title: id,
    intent: 'greeting',
    tags: [],
    variants: [{ lang: 'en', body }],
    source,
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

describe('mergeTeamTemplates', () => {
  it('lets the backend override team templates by id, drops deleted ones and keeps personal ones', () => {
    const local = [template('a', 'team'), template('b', 'team'), template('mine', 'personal')];
    const team = [template('a', 'team', 'Hello v2'), template('c', 'team')];
    const result = mergeTeamTemplates(local, team);
    expect(result.templates.map((t) => t.id)).toEqual(['a', 'c', 'mine']);
    expect(result.templates[0]?.variants[0]?.body).toBe('Hello v2');
    expect(result).toMatchObject({ added: ['c'], updated: ['a'], removed: ['b'], renamedPersonal: [] });
  });

  it('never loses a personal template whose id a team template takes', () => {
    const result = mergeTeamTemplates([template('x', 'personal', 'my words')], [template('x', 'team')]);
    expect(result.renamedPersonal).toEqual([{ from: 'x', to: 'x~personal' }]);
    expect(result.templates.find((t) => t.id === 'x~personal')?.variants[0]?.body).toBe('my words');
  });

  it('reports shortcut clashes between personal and team templates', () => {
    const result = mergeTeamTemplates(
      [template('p', 'personal', 'x', '/refund')],
      [template('t', 'team', 'y', '/Refund')],
    );
    expect(result.shortcutClashes).toEqual([{ shortcut: '/refund', teamId: 't', personalId: 'p' }]);
  });

  it('marks everything from the backend as team', () => {
    const result = mergeTeamTemplates([], [template('a', 'personal')]);
    expect(result.templates[0]?.source).toBe('team');
  });
});

describe('applyTeamSnapshot with the in-memory repository', () => {
  it('stores the merged library', async () => {
    const repository = createMemoryTemplateRepository([template('old', 'team'), template('x', 'personal')]);
    await applyTeamSnapshot(repository, [template('x', 'team'), template('new', 'team')]);
    const ids = (await repository.list()).map((t) => `${t.id}:${t.source}`).sort();
    expect(ids).toEqual(['new:team', 'x:team', 'x~personal:personal']);
  });

  it('hands out copies, like IndexedDB', async () => {
    const repository = createMemoryTemplateRepository([template('a', 'personal')]);
    const copy = await repository.get('a');
    copy!.title = 'changed';
    expect((await repository.get('a'))?.title).toBe('a');
  });
});
