/**
 * One async job (a re-read from the server) asked for by many events: a burst of requests
 * becomes one run after `delayMs`, and requests that arrive while it runs become exactly one
 * more run after it — never a run that merely joins one already in flight, whose answer may
 * predate the change that asked for it. At most one run is in flight at any time.
 */
export class CoalescedTask {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly job: () => Promise<void>,
    private readonly delayMs: number,
  ) {}

  /** Something changed: run the job soon (once for the whole burst). */
  request(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.start();
    }, this.delayMs);
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
