// Rows per multi-row statement: far below SQLite's 32,766 and PostgreSQL's 65,535 bound parameters.
const CHUNK = 400;

/** Splits rows or ids for multi-row statements, each within the bound-parameter limits. */
export function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}
