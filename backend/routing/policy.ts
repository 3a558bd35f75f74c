/**
 * The assignment policy as a pure function, so the database pass and the simulation benchmark
 * decide identically.
 */
export interface Candidate {
  id: string;
  load: number;
  cap: number;
  languages: readonly string[];
  skills: readonly string[];
  lastAssignedAt: number | null;
}

export interface Waiting {
  priority: number;
  queuedAt: number;
  language: string | null;
  skill: string | null;
  preferredAgentId: string | null;
}

/**
 * Picks the agent for one waiting conversation, or none. A required skill is a hard filter
 * (no agent is better than a wrong one); language is a preference, since an agent with
 * translation can still help. Among the rest: the previous owner keeps continuity, then the least
 * loaded, then whoever has waited longest since their last assignment (a fair rotation).
 */
export function chooseAgent(waiting: Waiting, candidates: readonly Candidate[]): Candidate | undefined {
  let best: Candidate | undefined;
  for (const candidate of candidates) {
    if (candidate.load >= candidate.cap) continue;
    if (waiting.skill && !candidate.skills.includes(waiting.skill)) continue;
    if (candidate.id === waiting.preferredAgentId) return candidate;
    if (!best || isBetter(candidate, best, waiting.language)) best = candidate;
  }
  return best;
}

function isBetter(a: Candidate, b: Candidate, language: string | null): boolean {
  if (language) {
    const aSpeaks = a.languages.includes(language);
    if (aSpeaks !== b.languages.includes(language)) return aSpeaks;
  }
  if (a.load !== b.load) return a.load < b.load;
  const aLast = a.lastAssignedAt ?? -1;
  const bLast = b.lastAssignedAt ?? -1;
  if (aLast !== bLast) return aLast < bLast;
  return a.id < b.id;
}

/** Most urgent first, then longest waiting: the order the backlog is drained in. */
export function compareWaiting(a: Waiting, b: Waiting): number {
  return b.priority - a.priority || a.queuedAt - b.queuedAt;
}
