import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { markAfterPaint } from '../paint-mark';
import type { SidebarEnv } from '../ui-context';
import { RowLayout } from './row-heights';
import { rowDomId } from './row-id';
import { TimelineRow } from './TimelineRow';
import type { TimelineData } from './useTimeline';

/** A one-line message with its header; real heights replace this once a row was rendered. */
const ESTIMATED_ROW = 58;
/** The list's height before it was laid out once; the overscan covers a taller one. */
const ESTIMATED_VIEWPORT = 400;
const OVERSCAN = 6;
/** Start fetching older history this far (px) before the top is reached. */
const PREFETCH_MARGIN = 600;
const PAGE_STEP = 10;

interface Anchor {
  id: string;
  /** Row top minus scrollTop when the anchor was taken. */
  delta: number;
}

/**
 * The merged timeline, windowed: only the rows in view (plus a few) exist in the DOM, in normal
 * flow between two spacers sized from measured heights, so 10,000 messages scroll like 30.
 * Keyboard: the list is one tab stop; arrow keys, Page Up/Down, Home and End move the active
 * message.
 *
 * After each render one read pass measures the rendered rows (the layout the frame needs anyway)
 * and scrolls to the newest message or back to the anchor. The rows sit in flow, so a measured
 * height that differs from the estimate moves nothing that needs rendering again: the window is
 * rendered again only when it no longer covers the rows in view plus the overscan.
 */
export function TimelineView({ env, data }: { env: SidebarEnv; data: TimelineData }) {
  const { t } = env;
  const { messages, hasOlder, loading, loadOlder } = data;
  const scroller = useRef<HTMLDivElement>(null);
  const measured = useRef(new Map<string, number>());
  // Rebuilt when the rows or a measured height changed (null: stale).
  const layoutRef = useRef<RowLayout | null>(null);
  const viewport = useRef(ESTIMATED_VIEWPORT);
  const scrollTop = useRef(0);
  // Where the list last scrolled itself: the scroll event that follows is its own.
  const settledAt = useRef<number | null>(null);
  // The rows in the DOM: [start, end).
  const shown = useRef({ start: 0, end: 0 });
  const [, setRenders] = useState(0);
  // The active row by message id: older pages prepended shift every index.
  const [activeId, setActiveId] = useState<string | null>(null);
  const activeRef = useRef<string | null>(null);
  const atBottom = useRef(true);
  const anchor = useRef<Anchor | null>(null);

  const ids = useMemo(() => messages.map((m) => m.id), [messages]);
  const indexOf = useMemo(() => new Map(ids.map((id, i) => [id, i])), [ids]);
  // For the resize observer, which outlives renders.
  const idsRef = useRef(ids);
  idsRef.current = ids;
  const indexOfRef = useRef(indexOf);
  indexOfRef.current = indexOf;

  const currentLayout = (): RowLayout => {
    let layout = layoutRef.current;
    if (!layout || layout.ids !== idsRef.current) {
      layout = new RowLayout(idsRef.current, measured.current, ESTIMATED_ROW);
      layoutRef.current = layout;
    }
    return layout;
  };

  /**
   * Whether the rows in the DOM still hold the window for the current scroll position: all of
   * it (rows in view and overscan), or with `inView`, only the rows in view.
   */
  const windowHolds = (layout: RowLayout, inView = false): boolean => {
    const wanted = layout.window(scrollTop.current, viewport.current, inView ? 0 : OVERSCAN);
    const { start, end } = shown.current;
    if (wanted.start < start || wanted.end > end) return false;
    return inView || end - start <= wanted.end - wanted.start + 2 * OVERSCAN;
  };

  /**
   * Measures the rendered rows, then keeps the newest message in view (pinned) or the anchor in
   * place when rows above it changed, and renders again only if rows in view are missing.
   */
  const settle = (el: HTMLDivElement, reposition: boolean) => {
    let changed = false;
    for (const row of el.firstElementChild?.children ?? []) {
      const id = (row as HTMLElement).dataset.id;
      // Fractional, as the rows stack in flow: rounded heights would drift the spacers and the
      // anchor by a pixel every few rows.
      const height = row.getBoundingClientRect().height;
      if (id !== undefined && height > 0 && measured.current.get(id) !== height) {
        measured.current.set(id, height);
        changed = true;
      }
    }
    viewport.current = el.clientHeight;
    if (changed) layoutRef.current = null;
    const layout = currentLayout();
    if (changed || reposition) {
      if (atBottom.current) {
        // The content is exactly the layout's height now: no need to read scrollHeight.
        el.scrollTop = layout.total;
      } else if (anchor.current) {
        const index = indexOfRef.current.get(anchor.current.id);
        if (index !== undefined) el.scrollTop = layout.top(index) - anchor.current.delta;
      }
    }
    scrollTop.current = el.scrollTop;
    settledAt.current = el.scrollTop;
    // Rows in view missing: render again before this frame paints. A short overscan (heights
    // measured smaller than estimated, a taller list than assumed) waits for the next scroll.
    if (!windowHolds(layout, true)) setRenders((n) => n + 1);
  };
  const settleRef = useRef(settle);
  settleRef.current = settle;

  const layout = currentLayout();
  const laidOut = useRef<readonly string[] | null>(null);
  // New rows: the layout effect below is about to scroll, to the newest message when pinned to
  // it, or to keep the anchor row in place (older pages prepended above it). Render the window
  // of that position, not of the one before.
  let windowTop = scrollTop.current;
  if (laidOut.current !== ids) {
    const index = anchor.current ? indexOf.get(anchor.current.id) : undefined;
    if (atBottom.current) windowTop = Math.max(0, layout.total - viewport.current);
    else if (anchor.current && index !== undefined) windowTop = layout.top(index) - anchor.current.delta;
  }
  const { start, end } = layout.window(windowTop, viewport.current, OVERSCAN);
  const activeIndex = activeId === null ? null : (indexOf.get(activeId) ?? null);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    shown.current = { start, end };
    const rowsChanged = laidOut.current !== ids;
    laidOut.current = ids;
    settle(el, rowsChanged);
  });

  // The active message can leave the list: a merge or split reloads the history, or it was a live
  // push that the newest page places further back in time. The newest row in view becomes active
  // then, so a keyboard user keeps an outlined place in the list rather than a dangling one.
  useLayoutEffect(() => {
    const current = activeRef.current;
    if (current === null || indexOf.has(current)) return;
    const bottom = scrollTop.current + viewport.current - 1;
    const inView = Math.min(ids.length - 1, currentLayout().indexAt(bottom));
    const id = ids[inView] ?? null;
    activeRef.current = id;
    setActiveId(id);
  }, [indexOf]);

  // A new height (the sidebar resized) or rows rewrapped to a new width.
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => settleRef.current(el, true));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // For the first-paint benchmark: the moment the first page of history is on screen.
  useLayoutEffect(() => {
    if (messages.length > 0) markAfterPaint('switchboard:timeline-painted');
  }, [messages.length]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const layout = currentLayout();
    // After the list's own scroll (to the newest message, say) the window was just settled.
    const own = el.scrollTop === settledAt.current;
    scrollTop.current = el.scrollTop;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 4;
    const index = layout.indexAt(el.scrollTop);
    const id = ids[index];
    anchor.current = id === undefined ? null : { id, delta: layout.top(index) - el.scrollTop };
    if (!windowHolds(layout, own)) setRenders((n) => n + 1);
    if (el.scrollTop < PREFETCH_MARGIN && hasOlder && !loading) loadOlder();
  };

  const moveTo = (index: number) => {
    const el = scroller.current;
    if (!el || ids.length === 0) return;
    const target = Math.max(0, Math.min(ids.length - 1, index));
    el.scrollTop = currentLayout().scrollToReveal(target, el.scrollTop, viewport.current);
    activeRef.current = ids[target]!;
    setActiveId(ids[target]!);
    onScroll();
    if (target === 0 && hasOlder) loadOlder();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const last = ids.length - 1;
    // Keys can arrive faster than renders: move from the row last asked for, not the focused one.
    const from = activeRef.current === null ? null : (indexOf.get(activeRef.current) ?? null);
    const steps: Record<string, number> = {
      ArrowUp: -1,
      ArrowDown: 1,
      PageUp: -PAGE_STEP,
      PageDown: PAGE_STEP,
    };
    let target: number | null = null;
    if (event.key in steps) {
      // The first arrow press lands on the newest row in view rather than skipping it.
      target =
        from === null
          ? Math.min(last, currentLayout().indexAt(scrollTop.current + viewport.current - 1))
          : from + steps[event.key]!;
    } else if (event.key === 'Home') target = 0;
    else if (event.key === 'End') target = last;
    if (target === null) return;
    event.preventDefault();
    moveTo(target);
  };

  const today = new Date().setHours(0, 0, 0, 0);
  return (
    <div
      ref={scroller}
      class="timeline-scroller"
      // Focus stays on the list (rows come and go as it scrolls, a focused row would be lost):
      // the active message is announced and outlined through aria-activedescendant.
      role="listbox"
      tabIndex={0}
      aria-label={t('timeline.label')}
      aria-busy={loading}
      aria-activedescendant={activeId === null || activeIndex === null ? undefined : rowDomId(activeId)}
      data-testid="timeline"
      data-count={ids.length}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
    >
      <div
        class="timeline-space"
        style={{
          paddingTop: `${layout.top(start)}px`,
          paddingBottom: `${layout.total - layout.top(end)}px`,
        }}
      >
        {messages.slice(start, end).map((message, offset) => {
          const index = start + offset;
          return (
            <TimelineRow
              key={message.id}
              env={env}
              message={message}
              index={index}
              setSize={hasOlder ? -1 : ids.length}
              active={index === activeIndex}
              today={today}
            />
          );
        })}
      </div>
    </div>
  );
}
