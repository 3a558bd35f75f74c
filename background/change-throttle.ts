/**
 * At most one call per key per window: the first at once, later ones folded into a single call
 * at the end of the window. A capture burst changes a customer's card many times a second; each
 * notice makes every sidebar showing them re-read the whole card, CPU the host page feels.
 */
export class ChangeThrottle {
  private readonly last = new Map<string, number>();
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly windowMs: number,
    private readonly fire: (key: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  touch(key: string): void {
    if (this.pending.has(key)) return;
    const wait = (this.last.get(key) ?? Number.NEGATIVE_INFINITY) + this.windowMs - this.now();
    if (wait <= 0) {
      this.run(key);
      return;
    }
    // The trailing call is what makes the last change of a burst reach the card.
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        this.run(key);
      }, wait),
    );
  }

  private run(key: string): void {
    this.last.set(key, this.now());
    // Keys that went quiet need no memory: their next change goes out at once anyway.
    for (const [other, at] of this.last) if (at + this.windowMs <= this.now()) this.last.delete(other);
    this.fire(key);
  }
}
