import { useCallback, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { TimelineCursor, TimelineMessage, TimelinePage } from '../../../../background/customer-types';
import type { SidebarEnv } from '../ui-context';
import { compareMessages, firstPageWithPushes, mergeMessages, withinLoaded } from './merge-messages';

/** The newest page: a few screens of rows (the list shows about ten); older pages load on scroll. */
export const FIRST_PAGE = 50;
const OLDER_PAGE = 300;

/** The newest page read together with the customer's card, for the timeline to start from once. */
export interface TimelineStart {
  customerId: string;
  page: TimelinePage;
  /** Pushes for this customer received since the page was asked for (see firstPageWithPushes). */
  pushed: TimelineMessage[];
  /** Set by the timeline that took it (or passed it over): no more pushes are added then. */
  taken: boolean;
}

export interface TimelineData {
  messages: TimelineMessage[];
  /** More history exists in the store before the oldest loaded message. */
  hasOlder: boolean;
  loading: boolean;
  loadOlder: () => void;
}

/**
 * The merged timeline of one customer: the newest page first, older pages on demand, new
 * messages pushed by the background. `reloadKey` changes when the customer's set of threads
 * changes (a merge or a split), which reorders history: start over then. `start`, when it is this
 * customer's and not taken yet, is that newest page already read (with the card): no request then.
 *
 * Layout effects, not effects: the page is on screen in the frame that follows its answer, and
 * the push listener is live from the moment the start is taken (same task), so none is missed.
 */
export function useTimeline(
  env: SidebarEnv,
  customerId: string,
  reloadKey: string,
  start: TimelineStart | null,
): TimelineData {
  const { connection } = env;
  const startRef = useRef(start);
  startRef.current = start;
  const take = (): TimelineStart | null => {
    const given = startRef.current;
    if (!given || given.taken || given.customerId !== customerId) return null;
    given.taken = true;
    return given;
  };
  // Taken while rendering the first time, so the first frame already shows the rows.
  const initial = useRef<TimelineStart | null | undefined>(undefined);
  if (initial.current === undefined) initial.current = take();
  const seeded = initial.current;
  const [messages, setMessages] = useState<TimelineMessage[]>(() =>
    seeded ? firstPageWithPushes(seeded.page, seeded.pushed) : [],
  );
  const [next, setNext] = useState<TimelineCursor | null>(seeded?.page.next ?? null);
  const [loading, setLoading] = useState(seeded === null);
  const generation = useRef(0);
  const busy = useRef(false);
  const latest = useRef(messages);
  latest.current = messages;
  // The oldest loaded message while older history remains in the store (null: none loaded yet,
  // or all of it is).
  const oldestLoaded = useRef<TimelineCursor | null>(seeded?.page.next ?? null);
  // Pushes received while the newest page is being read; null when no such read is in flight.
  const pushedDuringLoad = useRef<TimelineMessage[] | null>(null);
  const firstRun = useRef(true);

  useLayoutEffect(() => {
    const mine = ++generation.current;
    const wasFirst = firstRun.current;
    firstRun.current = false;
    if (wasFirst && seeded) return;
    const given = take();
    if (given) {
      pushedDuringLoad.current = null;
      busy.current = false;
      setMessages(firstPageWithPushes(given.page, given.pushed));
      oldestLoaded.current = given.page.next;
      setNext(given.page.next);
      setLoading(false);
      return;
    }
    busy.current = true;
    pushedDuringLoad.current = [];
    setLoading(true);
    connection.api
      .getTimeline(customerId, null, FIRST_PAGE)
      .then((page) => {
        if (mine !== generation.current) return;
        setMessages(firstPageWithPushes(page, pushedDuringLoad.current ?? []));
        oldestLoaded.current = page.next;
        setNext(page.next);
      })
      .catch(env.reportError)
      .finally(() => {
        if (mine !== generation.current) return;
        pushedDuringLoad.current = null;
        busy.current = false;
        setLoading(false);
      });
  }, [connection, customerId, reloadKey, env.reportError]);

  // A start for this customer that arrived without a reload (a reopened chat after a worker
  // restart): the list is loaded already, so let it go (and with it the pushes gathered for it).
  useLayoutEffect(() => {
    if (start) start.taken = true;
  }, [start]);

  useLayoutEffect(() => {
    const stopEvents = connection.onEvent((event) => {
      if (event.type === 'customer-messages' && event.customerId === customerId) {
        pushedDuringLoad.current?.push(...event.messages);
        const fitting = withinLoaded(event.messages, oldestLoaded.current);
        setMessages((current) => mergeMessages(current, fitting));
      }
    });
    // Pushes sent while the worker was stopping are lost: read back from the store until the
    // newest message this list already had.
    const stopReconnect = connection.onReconnect(() => {
      const newestKnown = latest.current[latest.current.length - 1];
      const catchUp = async () => {
        let before: TimelineCursor | null = null;
        for (;;) {
          const page: TimelinePage = await connection.api.getTimeline(customerId, before, OLDER_PAGE);
          const fitting = withinLoaded(page.messages, oldestLoaded.current);
          setMessages((current) => mergeMessages(current, fitting));
          const oldest = page.messages[0];
          if (!page.next || !newestKnown || !oldest || compareMessages(oldest, newestKnown) <= 0) return;
          before = page.next;
        }
      };
      catchUp().catch(env.reportError);
    });
    return () => {
      stopEvents();
      stopReconnect();
    };
  }, [connection, customerId, env.reportError]);

  const loadOlder = useCallback(() => {
    if (busy.current || next === null) return;
    const mine = generation.current;
    busy.current = true;
    setLoading(true);
    connection.api
      .getTimeline(customerId, next, OLDER_PAGE)
      .then((page) => {
        if (mine !== generation.current) return;
        // Merged by id: a message pushed while this page was read may also be in it.
        setMessages((current) => mergeMessages(current, page.messages));
        oldestLoaded.current = page.next;
        setNext(page.next);
      })
      .catch(env.reportError)
      .finally(() => {
        if (mine !== generation.current) return;
        busy.current = false;
        setLoading(false);
      });
  }, [connection, customerId, next, env.reportError]);

  return { messages, hasOlder: next !== null, loading, loadOlder };
}
