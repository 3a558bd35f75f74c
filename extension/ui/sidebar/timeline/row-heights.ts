/**
 * Offsets of variable-height rows for a windowed list. Rows never measured count with an
 * estimate; measured heights are kept per row id, so prepending older messages keeps them.
 * Pure: no DOM, unit-tested.
 */
export class RowLayout {
  /** offsets[i] = top of row i; offsets[count] = total height. */
  private readonly offsets: Float64Array;

  constructor(
    readonly ids: readonly string[],
    measured: ReadonlyMap<string, number>,
    readonly estimate: number,
  ) {
    this.offsets = new Float64Array(ids.length + 1);
    for (let i = 0; i < ids.length; i++) {
      this.offsets[i + 1] = this.offsets[i]! + (measured.get(ids[i]!) ?? estimate);
    }
  }

  get count(): number {
    return this.ids.length;
  }

  get total(): number {
    return this.offsets[this.ids.length]!;
  }

  top(index: number): number {
    return this.offsets[Math.max(0, Math.min(index, this.ids.length))]!;
  }

  height(index: number): number {
    return this.top(index + 1) - this.top(index);
  }

  /** The row that contains vertical position y (clamped to the list). */
  indexAt(y: number): number {
    if (this.ids.length === 0) return 0;
    let lo = 0;
    let hi = this.ids.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.offsets[mid]! <= y) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Rows to render for a viewport, with `overscan` extra rows each side: [start, end). */
  window(scrollTop: number, viewport: number, overscan: number): { start: number; end: number } {
    if (this.ids.length === 0) return { start: 0, end: 0 };
    const first = this.indexAt(scrollTop);
    const last = this.indexAt(scrollTop + Math.max(0, viewport - 1));
    return {
      start: Math.max(0, first - overscan),
      end: Math.min(this.ids.length, last + 1 + overscan),
    };
  }

  /** scrollTop that brings row `index` fully into a viewport, or the current one if it already is. */
  scrollToReveal(index: number, scrollTop: number, viewport: number): number {
    const top = this.top(index);
    const bottom = this.top(index + 1);
    if (top < scrollTop) return top;
    if (bottom > scrollTop + viewport) return Math.max(0, bottom - viewport);
    return scrollTop;
  }
}
