/**
 * One async job (a re-read from the server) asked for by many events: a burst of requests
 * becomes one run after `delayMs`, and requests that arrive while it runs become exactly one
 * more run after it — never a run that merely joins one already in flight, whose answer may
 * predate the change that asked for it. At most one run is in flight at any time.
 *
 * `minIntervalMs` spaces the runs of a long burst: a request waits until that long after the
 * previous run started (and at least `delayMs`), so a steady stream of events (a busy group, a
 * burst of messages) costs one run per interval, not one per `delayMs`. `runNow` is not spaced:
 * it is the agent asking.
 */
export class CoalescedTask {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | null = null;
  private again = false;
  private lastStart = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly job: () => Promise<void>,
    private readonly delayMs: number,
    private readonly minIntervalMs = 0,
  ) {}

  /** Something changed: run the job soon (once for the whole burst). */
  request(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer !== undefined) return;
    const spaced = this.lastStart + this.minIntervalMs - Date.now();
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        void this.start();
      },
      Math.max(this.delayMs, spaced),
    );
  }

  /** Runs the job now (after the one in flight, if any) and resolves when a run that started after this call ends. */
  async runNow(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.running) {
      // The run in flight may have started before what the caller wants to see: wait it out.
      this.again = false;
      await this.running;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.start();
  }

  /** Forgets pending requests (signed out); a run in flight finishes on its own. */
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.again = false;
  }

  private start(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.lastStart = Date.now();
    const run = this.job()
      .catch(() => {})
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.request();
        }
      });
    this.running = run;
    return run;
  }
}
