/** Lower-case, accents removed, punctuation as spaces: "¿Dónde está mi pedido?" → "donde esta mi pedido". */
export function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Words that mean "let me talk to a person", in the languages the starter rules cover. */
const HUMAN_PHRASES = [
  'agent',
  'human',
  'humano',
  'humana',
  'atendente',
  'representative',
  'representante',
  'operator',
  'operador',
  'real person',
  'a person',
  'una persona',
  'uma pessoa',
  'talk to someone',
  'hablar con alguien',
  'falar com alguem',
];

const contains = (haystack: string, phrase: string) => ` ${haystack} `.includes(` ${normalise(phrase)} `);

export function asksForHuman(text: string): boolean {
  const normalised = normalise(text);
  return HUMAN_PHRASES.some((p) => contains(normalised, p));
}

export interface MatchableRule {
  id: string;
  phrases: string[];
}

/**
 * The rule whose longest matching phrase is longest (in words). Two different rules tied at the
 * top is not a confident match: the customer goes to a human rather than get a guess.
 */
export function bestRule<R extends MatchableRule>(rules: readonly R[], text: string): R | null {
  const normalised = normalise(text);
  let best: { rule: R; score: number } | null = null;
  let tied = false;
  for (const rule of rules) {
    const score = Math.max(
      0,
      ...rule.phrases
        .filter((p) => normalise(p) && contains(normalised, p))
        .map((p) => normalise(p).split(' ').length),
    );
    if (score === 0) continue;
    if (!best || score > best.score) {
      best = { rule, score };
      tied = false;
    } else if (score === best.score) {
      tied = true;
    }
  }
  return best && !tied ? best.rule : null;
}

/** An order number the customer typed: 4+ digits, optionally after '#'. */
export function orderNumber(text: string): string | null {
  return /(?:#|\b)(\d{4,12})\b/.exec(text)?.[1] ?? null;
}
