import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type {
  CustomerOpening,
  CustomerSnapshot,
  TimelineMessage,
} from '../../../../background/customer-types';
import type { SidebarOpening } from '../../../api/protocol';
import { CoalescedTask } from '../../../lib/coalesced-task';
import { FIRST_PAGE, type TimelineStart } from '../timeline/useTimeline';
import { conversationKeyOf, errorText, type SidebarEnv } from '../ui-context';

export type CustomerState =
  | { kind: 'loading' }
  | { kind: 'none' }
  /** `timeline`: the newest page that came with the card, for the timeline to start from. */
  | { kind: 'ready'; snapshot: CustomerSnapshot; timeline: TimelineStart | null }
  | { kind: 'error'; message: string };

/** A `customer` push asks for the card again after this long (a burst becomes one read). */
const CARD_DELAY_MS = 30;

type Pushed = { customerId: string; messages: TimelineMessage[] };
type Ticket = { mine: number; pushed: Pushed[] };

/**
 * The customer of the tab's open chat. Opened (card and newest timeline page in one answer) when
 * the chat changes; the first opening is the one the sidebar asked for before it rendered (see
 * `adopt`). The card alone is re-read when the background says the customer changed and after the
 * worker restarted: one read in flight at a time, plus one after it for what changed meanwhile.
 */
export function useCustomer(env: SidebarEnv, conversationKey: string | null) {
  const [state, setState] = useState<CustomerState>({ kind: 'loading' });
  const [booted, setBooted] = useState(false);
  const stateRef = useRef(state);
  stateRef.current = state;
  const keyRef = useRef(conversationKey);
  keyRef.current = conversationKey;
  // Bumped by every opening: an older answer must not replace a newer one.
  const generation = useRef(0);
  // The conversation the state belongs to (or is being opened for); undefined: none yet.
  const openedKey = useRef<string | null | undefined>(undefined);
  const opening = useRef<Promise<unknown> | null>(null);
  // Timeline pushes collected while an opening is on its way (its customer is not known yet).
  const collecting = useRef(new Set<Pushed[]>());
  // The page handed to the timeline, until it takes it: pushes for it are added meanwhile.
  const handed = useRef<TimelineStart | null>(null);
  const { connection } = env;

  // The opening the sidebar asked for before it rendered; `adopt` takes its answer.
  const boot = useRef<{ ticket: Ticket; release: () => void } | null>(null);

  const ops = useMemo(() => {
    const begin = (): Ticket => {
      const ticket = { mine: ++generation.current, pushed: [] as Pushed[] };
      collecting.current.add(ticket.pushed);
      return ticket;
    };
    const finish = (ticket: Ticket, answer: CustomerOpening | null) => {
      collecting.current.delete(ticket.pushed);
      if (ticket.mine !== generation.current) return;
      if (!answer?.snapshot) {
        setState({ kind: 'none' });
        return;
      }
      const start: TimelineStart = {
        customerId: answer.customerId,
        page: answer.timeline,
        pushed: ticket.pushed.filter((p) => p.customerId === answer.customerId).flatMap((p) => p.messages),
        taken: false,
      };
      handed.current = start;
      setState({ kind: 'ready', snapshot: answer.snapshot, timeline: start });
    };
    const fail = (ticket: Ticket, error: unknown) => {
      collecting.current.delete(ticket.pushed);
      if (ticket.mine !== generation.current) return;
      // A call cut off by a worker restart: keep showing what we had; the reconnect re-reads.
      setState((current) =>
        current.kind === 'ready' ? current : { kind: 'error', message: errorText(error) },
      );
    };
    const open = () => {
      const ticket = begin();
      opening.current = connection.api.openCustomer(FIRST_PAGE).then(
        (answer) => finish(ticket, answer),
        (error: unknown) => fail(ticket, error),
      );
    };
    /** Called before the first render: the boot answer is on its way. */
    const expectBoot = () => {
      const ticket = begin();
      let release = () => {};
      opening.current = new Promise<void>((resolve) => {
        release = resolve;
      });
      boot.current = { ticket, release };
    };
    /** The boot answer (null: the call failed), in the same task as the sidebar takes its state. */
    const adopt = (answer: SidebarOpening | null, error?: unknown) => {
      const pending = boot.current;
      if (!pending) return;
      boot.current = null;
      if (answer) {
        openedKey.current = conversationKeyOf(answer.state);
        finish(pending.ticket, answer.customer);
      } else fail(pending.ticket, error);
      setBooted(true);
      pending.release();
    };
    return { open, expectBoot, adopt };
  }, [connection]);

  const card = useMemo(
    () =>
      new CoalescedTask(async () => {
        // After an opening in flight: its card may predate the change that asked for this read.
        await opening.current;
        const mine = generation.current;
        if (keyRef.current === null) return;
        try {
          const snapshot = await connection.api.getCustomer();
          if (mine !== generation.current) return;
          setState((current) =>
            snapshot
              ? {
                  kind: 'ready',
                  snapshot,
                  // The same start object, so the timeline is not rendered again for a new card.
                  timeline:
                    current.kind === 'ready' &&
                    current.snapshot.view.customer.id === snapshot.view.customer.id
                      ? current.timeline
                      : null,
                }
              : { kind: 'none' },
          );
        } catch (error) {
          if (mine !== generation.current) return;
          setState((current) =>
            current.kind === 'ready' ? current : { kind: 'error', message: errorText(error) },
          );
        }
      }, CARD_DELAY_MS),
    [connection],
  );

  // Layout effects: they run in the same task as the first render, before any answer arrives.
  useLayoutEffect(() => ops.expectBoot(), [ops]);

  useLayoutEffect(() => {
    if (!booted || conversationKey === openedKey.current) return;
    openedKey.current = conversationKey;
    if (conversationKey === null) {
      generation.current++;
      setState({ kind: 'none' });
      return;
    }
    ops.open();
  }, [booted, conversationKey, ops]);

  useLayoutEffect(() => {
    const stopEvents = connection.onEvent((event) => {
      if (event.type === 'customer-messages') {
        for (const pushed of collecting.current) pushed.push(event);
        const start = handed.current;
        if (start && !start.taken && start.customerId === event.customerId)
          start.pushed.push(...event.messages);
        else if (start?.taken) handed.current = null;
      } else if (event.type === 'customer') card.request();
      // A restarted worker learns the tab's chat only when the content script reports again; an
      // opening that ran before that found nothing, so try again once the chat is known.
      else if (
        event.type === 'host-state' &&
        event.state.conversation &&
        (stateRef.current.kind === 'none' || stateRef.current.kind === 'error')
      ) {
        card.request();
      }
    });
    // After the browser restarted the worker the card may have changed; the timeline catches up
    // on its own (and the restarted worker may not know the tab's chat yet).
    const stopReconnect = connection.onReconnect(() => card.request());
    return () => {
      stopEvents();
      stopReconnect();
      card.cancel();
    };
  }, [connection, card, ops]);

  return { state, adopt: ops.adopt };
}
