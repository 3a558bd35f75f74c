import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { TimelineCursor, TimelineMessage, TimelinePage } from '../../../../background/customer-types';
import type { SidebarEnv } from '../ui-context';
import { compareMessages, firstPageWithPushes, mergeMessages, withinLoaded } from './merge-messages';

/** The newest page: a few screens of rows (the list shows about ten); older pages load on scroll. */
const FIRST_PAGE = 50;
const OLDER_PAGE = 300;

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
 * changes (a merge or a split), which reorders history: start over then.
 */
export function useTimeline(env: SidebarEnv, customerId: string, reloadKey: string): TimelineData {
  const { connection } = env;
  const [messages, setMessages] = useState<TimelineMessage[]>([]);
  const [next, setNext] = useState<TimelineCursor | null>(null);
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  const busy = useRef(false);
  const latest = useRef(messages);
  latest.current = messages;
  // The oldest loaded message while older history remains in the store (null: none loaded yet,
  // or all of it is).
  const oldestLoaded = useRef<TimelineCursor | null>(null);
  // Pushes received while the newest page is being read; null when no such read is in flight.
  const pushedDuringLoad = useRef<TimelineMessage[] | null>(null);

  useEffect(() => {
    const mine = ++generation.current;
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

  useEffect(() => {
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
