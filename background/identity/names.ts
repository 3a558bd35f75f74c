/**
 * Name comparison for merge suggestions. Names never merge automatically (two "Ana Souza" are
 * usually two people); a high similarity only proposes a link for the agent to confirm.
 */

/** Particles that differ between how people write the same name ("Maria da Silva"). */
const PARTICLES = new Set([
  'da',
  'de',
  'do',
  'das',
  'dos',
  'del',
  'della',
  'di',
  'la',
  'le',
  'van',
  'von',
  'e',
  'y',
]);

/** Lowercase, accent-free, punctuation-free tokens, without name particles. */
export function nameTokens(name: string | null | undefined): string[] {
  if (!name) return [];
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token !== '' && !PARTICLES.has(token));
}

/**
 * A comparable key for a display name, or '' when the "name" is really a phone number or an
 * email (WhatsApp shows the number for unsaved contacts) — those are not names to compare.
 */
export function nameKey(name: string | null | undefined): string {
  if (!name) return '';
  if (/^[\s+()\d.-]+$/.test(name) || name.includes('@')) return '';
  return nameTokens(name).join(' ');
}

/** Jaro-Winkler similarity in [0, 1]. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a === '' ? 0 : 1;
  if (a === '' || b === '') return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Array<boolean>(a.length).fill(false);
  const bMatched = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(b.length - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (bMatched[j] || a[i] !== b[j]) continue;
      aMatched[i] = true;
      bMatched[j] = true;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let j = 0;
  for (let i = 0; i < a.length; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[j]) j++;
    if (a[i] !== b[j]) transpositions++;
    j++;
  }
  const m = matches;
  const jaro = (m / a.length + m / b.length + (m - transpositions / 2) / m) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/**
 * Similarity of two display names in [0, 1], insensitive to accents, case, particles and word
 * order ("Silva, Maria" ≈ "María da Silva"). A single shared first name is not enough: one-word
 * names only compare against one-word names, otherwise every "Maria X" would match "Maria".
 */
export function nameSimilarity(a: string | null | undefined, b: string | null | undefined): number {
  const left = nameKey(a);
  const right = nameKey(b);
  if (left === '' || right === '') return 0;
  const leftTokens = left.split(' ');
  const rightTokens = right.split(' ');
  if ((leftTokens.length === 1) !== (rightTokens.length === 1)) return 0;
  const sorted = (tokens: string[]) => [...tokens].sort().join(' ');
  return Math.max(jaroWinkler(left, right), jaroWinkler(sorted(leftTokens), sorted(rightTokens)));
}

/** Above this, two names are proposed as the same person. */
export const NAME_SUGGESTION_THRESHOLD = 0.93;
/** Below this, an automatic merge between two named customers is flagged for review. */
export const NAME_CONFLICT_THRESHOLD = 0.85;

/**
 * Whether an automatic merge may proceed unflagged: no name on one side, one name contained in
 * the other ("Maria" / "Maria Silva"), or close spellings. "Maria Silva" / "João Silva" writing
 * from one family phone is not compatible, and the merge is flagged for the agent.
 */
export function namesCompatible(a: string | null | undefined, b: string | null | undefined): boolean {
  const left = nameKey(a);
  const right = nameKey(b);
  if (left === '' || right === '') return true;
  const leftTokens = new Set(left.split(' '));
  const rightTokens = new Set(right.split(' '));
  const [small, large] =
    leftTokens.size <= rightTokens.size ? [leftTokens, rightTokens] : [rightTokens, leftTokens];
  if ([...small].every((token) => large.has(token))) return true;
  return Math.max(jaroWinkler(left, right), nameSimilarity(a, b)) >= NAME_CONFLICT_THRESHOLD;
}
