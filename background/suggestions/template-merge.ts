/**
 * Team templates come from the backend as the team's whole library; personal templates are the
 * agent's own and never leave the browser. Merging the two: the backend's version of a team
 * template replaces the local one by id, team templates the backend no longer has are removed,
 * and personal templates are never lost — one whose id collides with a team template is kept
 * under a new id.
 */
import type { Template } from './template-model';
import type { TemplateRepository } from './template-repository';

export interface TeamMergeResult {
  /** The library after the merge: team templates first, then personal ones. */
  templates: Template[];
  added: string[];
  updated: string[];
  removed: string[];
  renamedPersonal: Array<{ from: string; to: string }>;
  /** A personal template using a team template's shortcut; the team one wins `/shortcut` search. */
  shortcutClashes: Array<{ shortcut: string; teamId: string; personalId: string }>;
}

function sameContent(a: Template, b: Template): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function freeId(base: string, taken: ReadonlySet<string>): string {
  let candidate = `${base}~personal`;
  for (let n = 2; taken.has(candidate); n++) candidate = `${base}~personal-${n}`;
  return candidate;
}

export function mergeTeamTemplates(
  local: readonly Template[],
  teamSnapshot: readonly Template[],
): TeamMergeResult {
  const team = teamSnapshot.map((t) => ({ ...t, source: 'team' as const }));
  const teamById = new Map(team.map((t) => [t.id, t]));
  const localTeam = new Map(local.filter((t) => t.source === 'team').map((t) => [t.id, t]));

  const added: string[] = [];
  const updated: string[] = [];
  for (const template of team) {
    const before = localTeam.get(template.id);
    if (!before) added.push(template.id);
    else if (!sameContent(before, template)) updated.push(template.id);
  }
  const removed = [...localTeam.keys()].filter((id) => !teamById.has(id));

  const taken = new Set<string>([...teamById.keys(), ...local.map((t) => t.id)]);
  const renamedPersonal: TeamMergeResult['renamedPersonal'] = [];
  const personal = local
    .filter((t) => t.source === 'personal')
    .map((template) => {
      if (!teamById.has(template.id)) return template;
      const to = freeId(template.id, taken);
      taken.add(to);
      renamedPersonal.push({ from: template.id, to });
      return { ...template, id: to };
    });

  const teamShortcuts = new Map(team.map((t) => [t.shortcut.toLowerCase(), t.id]));
  const shortcutClashes: TeamMergeResult['shortcutClashes'] = [];
  for (const template of personal) {
    const teamId = teamShortcuts.get(template.shortcut.toLowerCase());
    if (teamId) shortcutClashes.push({ shortcut: template.shortcut, teamId, personalId: template.id });
  }

  return { templates: [...team, ...personal], added, updated, removed, renamedPersonal, shortcutClashes };
}

/** Applies a team snapshot to a repository: one save, one remove, personal data intact. */
export async function applyTeamSnapshot(
  repository: TemplateRepository,
  teamSnapshot: readonly Template[],
): Promise<TeamMergeResult> {
  const local = await repository.list();
  const result = mergeTeamTemplates(local, teamSnapshot);
  const stale = [...result.removed, ...result.renamedPersonal.map((r) => r.from)];
  // Save first: a crash between the two calls leaves an extra template, never a lost one.
  await repository.save(result.templates);
  const keep = new Set(result.templates.map((t) => t.id));
  await repository.remove(stale.filter((id) => !keep.has(id)));
  return result;
}
