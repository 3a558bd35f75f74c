import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { MessageKey } from '../../i18n/messages';
import type { SidebarEnv } from './ui-context';

/** The sidebar's long sections, in page order: their container ids and the nav labels. */
export const SECTIONS = [
  { id: 'section-customer', label: 'nav.customer' },
  { id: 'section-timeline', label: 'nav.timeline' },
  { id: 'section-replies', label: 'nav.replies' },
] as const satisfies ReadonlyArray<{ id: string; label: MessageKey }>;

type SectionId = (typeof SECTIONS)[number]['id'];

/**
 * A row of jump buttons above the sidebar's one scroll area (outside it, so it never covers
 * what scrolls): card, timeline and replies stack up taller than the window, and the replies an
 * agent needs most sit at the bottom. The button of the section at the top of the scroll area
 * (or of the last one, scrolled to the end) is current.
 */
export function SectionNav({ env, scroller }: { env: SidebarEnv; scroller: RefObject<HTMLElement | null> }) {
  const { t } = env;
  const nav = useRef<HTMLElement>(null);
  const [current, setCurrent] = useState<SectionId>(SECTIONS[0].id);

  useEffect(() => {
    const root = scroller.current;
    if (!root) return;
    let frame = 0;
    const update = () => {
      frame = 0;
      const line = root.getBoundingClientRect().top + 8;
      // The last section may be too short to reach the top: at the bottom, it is the one shown.
      const atBottom = root.scrollTop + root.clientHeight >= root.scrollHeight - 2;
      let shown: SectionId = SECTIONS[0].id;
      for (const { id } of SECTIONS) {
        const section = document.getElementById(id);
        if (section && (atBottom || section.getBoundingClientRect().top <= line)) shown = id;
      }
      setCurrent(shown);
    };
    const onScroll = () => {
      if (!frame) frame = requestAnimationFrame(update);
    };
    root.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      root.removeEventListener('scroll', onScroll);
      cancelAnimationFrame(frame);
    };
  }, [scroller]);

  const jump = (id: SectionId) => {
    const section = document.getElementById(id);
    if (!section) return;
    section.scrollIntoView({ block: 'start' });
    // Focus follows, so Tab continues inside the section the agent jumped to.
    section.querySelector<HTMLElement>('h2[tabindex="-1"]')?.focus({ preventScroll: true });
    setCurrent(id);
  };

  return (
    <nav class="section-nav" aria-label={t('nav.label')} ref={nav} data-testid="section-nav">
      {SECTIONS.map(({ id, label }) => (
        <button
          key={id}
          type="button"
          class="section-nav-button"
          data-section={id}
          aria-current={current === id ? 'true' : undefined}
          onClick={() => jump(id)}
        >
          {t(label)}
        </button>
      ))}
    </nav>
  );
}
