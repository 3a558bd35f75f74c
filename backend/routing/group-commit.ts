import { DatabaseUnavailableError } from '../storage/errors';

interface Waiting<Request, Result> {
  request: Request;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

interface Lane<Request, Result> {
  waiting: Waiting<Request, Result>[];
  running: boolean;
}

/**
 * Group commit: requests for the same key (an organisation) that arrive while a pass for that
 * key is running — or in the same turn of the event loop — are handed to the next pass
 * together, so one transaction and one assignment pass serve all of them. No timer is involved:
 * a lone request starts at once, and under load the batch grows by itself to whatever arrived
 * during the previous pass. Each caller is answered only after the pass that holds its request
 * has committed.
 */
export class GroupCommit<Request, Result> {
  private readonly lanes = new Map<string, Lane<Request, Result>>();

  constructor(
    /** Runs one pass; returns one result per request, in order. */
    private readonly pass: (key: string, requests: Request[]) => Promise<Result[]>,
    /** Size of a request (events in it); a pass takes requests up to `maxWeight` (at least one). */
    private readonly weight: (request: Request) => number,
    private readonly maxWeight: number,
  ) {}

  submit(key: string, request: Request): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      let lane = this.lanes.get(key);
      if (!lane) {
        lane = { waiting: [], running: false };
        this.lanes.set(key, lane);
      }
      lane.waiting.push({ request, resolve, reject });
      if (!lane.running) {
        lane.running = true;
        // setImmediate runs after the I/O poll phase: every request parsed in this turn joins.
        const started = lane;
        setImmediate(() => void this.run(key, started));
      }
    });
  }

  private take(lane: Lane<Request, Result>): Waiting<Request, Result>[] {
    let total = 0;
    let n = 0;
    while (n < lane.waiting.length) {
      total += this.weight((lane.waiting[n] as Waiting<Request, Result>).request);
      if (n > 0 && total > this.maxWeight) break;
      n += 1;
    }
    return lane.waiting.splice(0, n);
  }

  private async run(key: string, lane: Lane<Request, Result>): Promise<void> {
    try {
      while (lane.waiting.length > 0) {
        const batch = this.take(lane);
        try {
          const results = await this.pass(
            key,
            batch.map((w) => w.request),
          );
          for (const [i, w] of batch.entries()) w.resolve(results[i] as Result);
        } catch (error) {
          // An unavailable database fails every request alike; anything else may be one bad
          // request, which must not fail the others: they are retried one by one.
          if (batch.length === 1 || error instanceof DatabaseUnavailableError) {
            for (const w of batch) w.reject(error);
          } else {
            for (const w of batch) {
              try {
                const [result] = await this.pass(key, [w.request]);
                w.resolve(result as Result);
              } catch (single) {
                w.reject(single);
              }
            }
          }
        }
      }
    } finally {
      lane.running = false;
      if (lane.waiting.length === 0) this.lanes.delete(key);
      else {
        lane.running = true;
        setImmediate(() => void this.run(key, lane));
      }
    }
  }
}
