/**
 * The rows the last ingest committed for its thread: the thread row, its customer's row and the
 * thread's newest inquiry cluster. A capture burst ingests one batch after another into the same
 * thread, and each would otherwise read those three rows again before writing them.
 *
 * The entry is only as good as the guarantee that nothing else wrote since: every other Store
 * write forgets it when it starts (and again once committed), an ingest takes it out while it
 * runs (a concurrent ingest of the same thread reads the store instead), and an ingest keeps what
 * it committed only if no other write started in the meantime. One entry, for one thread: two
 * threads share a customer row, and an entry for the other one could hold an older copy of it.
 */
import type { KnownRows } from './ingest';

export class IngestMemo {
  private generation = 0;
  private entry: { threadId: string; rows: KnownRows } | null = null;

  /** A write other than an ingest starts (or committed): nothing remembered is certain any more. */
  forget(): void {
    this.generation++;
    this.entry = null;
  }

  /** An ingest of this thread starts: what it may start from, and its ticket for keep(). */
  take(threadId: string): { ticket: number; known: KnownRows | undefined } {
    const known = this.entry?.threadId === threadId ? this.entry.rows : undefined;
    this.forget();
    return { ticket: this.generation, known };
  }

  /** The ingest with this ticket committed these rows; kept if no other write started since. */
  keep(ticket: number, threadId: string, rows: KnownRows): void {
    if (ticket === this.generation) this.entry = { threadId, rows };
  }
}
