import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { markAfterPaint } from '../paint-mark';
import type { SidebarEnv } from '../ui-context';
import { RowLayout } from './row-heights';
import { rowDomId } from './row-id';
import { TimelineRow } from './TimelineRow';
import type { TimelineData } from './useTimeline';

/** A one-line message with its header; real heights replace this once a row was rendered. */
const ESTIMATED_ROW = 58;
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
 * The merged timeline, windowed: only the rows in view (plus a few) exist in the DOM, each
 * positioned from measured heights, so 10,000 messages scroll like 30. Keyboard: the list is one
 * tab stop; arrow keys, Page Up/Down, Home and End move the active message.
 */
export function TimelineView({ env, data }: { env: SidebarEnv; data: TimelineData }) {
  const { t } = env;
  const { messages, hasOlder, loading, loadOlder } = data;
  const scroller = useRef<HTMLDivElement>(null);
  const measured = useRef(new Map<string, number>());
  const [measureVersion, setMeasureVersion] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(400);
  // The active row by message id: older pages prepended shift every index.
  const [activeId, setActiveId] = useState<string | null>(null);
  const activeRef = useRef<string | null>(null);
  const atBottom = useRef(true);
  const anchor = useRef<Anchor | null>(null);

  const ids = useMemo(() => messages.map((m) => m.id), [messages]);
  const indexOf = useMemo(() => new Map(ids.map((id, i) => [id, i])), [ids]);
  // measureVersion is in the list on purpose: it says the measured map changed.
  const layout = useMemo(() => new RowLayout(ids, measured.current, ESTIMATED_ROW), [ids, measureVersion]);
  const activeIndex = activeId === null ? null : (indexOf.get(activeId) ?? null);
  // Pinned to the newest message, the window is the bottom of the list even before the layout
  // effect below scrolls there: the first frame renders the newest rows only, not the top ones too.
  const windowTop = atBottom.current ? Math.max(0, layout.total - viewport) : scrollTop;
  const { start, end } = layout.window(windowTop, viewport, OVERSCAN);

  // Keep what the agent was looking at in place when rows above change (older pages prepended,
  // estimated heights replaced by measured ones), or stay pinned to the newest message.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (atBottom.current) {
      el.scrollTop = el.scrollHeight;
    } else if (anchor.current) {
      const index = indexOf.get(anchor.current.id);
      if (index !== undefined) el.scrollTop = layout.top(index) - anchor.current.delta;
    }
    setScrollTop(el.scrollTop);
  }, [layout, indexOf]);

  // The active message can leave the list: a merge or split reloads the history, or it was a live
  // push that the newest page places further back in time. The newest row in view becomes active
  // then, so a keyboard user keeps an outlined place in the list rather than a dangling one.
  useLayoutEffect(() => {
    const current = activeRef.current;
    const el = scroller.current;
    if (current === null || indexOf.has(current) || !el) return;
    const inView = Math.min(ids.length - 1, layout.indexAt(el.scrollTop + el.clientHeight - 1));
    const id = ids[inView] ?? null;
    activeRef.current = id;
    setActiveId(id);
  }, [indexOf]);

  // Measure what was rendered; a changed height re-lays out once (the map keeps it by id).
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    let changed = false;
    for (const row of el.querySelectorAll<HTMLElement>('[data-id]')) {
      const id = row.dataset.id!;
      const height = row.offsetHeight;
      if (height > 0 && measured.current.get(id) !== height) {
        measured.current.set(id, height);
        changed = true;
      }
    }
    if (changed) setMeasureVersion((v) => v + 1);
  });

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setViewport(el.clientHeight));
    observer.observe(el);
    setViewport(el.clientHeight);
    return () => observer.disconnect();
  }, []);

  // For the first-paint benchmark: the moment the first page of history is on screen.
  useLayoutEffect(() => {
    if (messages.length > 0) markAfterPaint('switchboard:timeline-painted');
  }, [messages.length]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 4;
    const index = layout.indexAt(el.scrollTop);
    const id = ids[index];
    anchor.current = id === undefined ? null : { id, delta: layout.top(index) - el.scrollTop };
    setScrollTop(el.scrollTop);
    if (el.scrollTop < PREFETCH_MARGIN && hasOlder && !loading) loadOlder();
  };

  const moveTo = (index: number) => {
    const el = scroller.current;
    if (!el || ids.length === 0) return;
    const target = Math.max(0, Math.min(ids.length - 1, index));
    el.scrollTop = layout.scrollToReveal(target, el.scrollTop, el.clientHeight);
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
        from === null ? Math.min(last, layout.indexAt(scrollTop + viewport - 1)) : from + steps[event.key]!;
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
      <div class="timeline-space" style={{ height: `${layout.total}px` }}>
        {messages.slice(start, end).map((message, offset) => {
          const index = start + offset;
          return (
            <TimelineRow
              key={message.id}
              env={env}
              message={message}
              index={index}
              setSize={hasOlder ? -1 : ids.length}
              top={layout.top(index)}
              active={index === activeIndex}
              today={today}
            />
          );
        })}
      </div>
    </div>
  );
}
