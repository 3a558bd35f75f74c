import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { CustomerSnapshot } from '../../../../background/customer-types';
import type { SidebarEnv } from '../ui-context';

export type CustomerState =
  | { kind: 'loading' }
  /** The id is known (the timeline can start); the card is still being computed. */
  | { kind: 'identified'; customerId: string }
  | { kind: 'none' }
  | { kind: 'ready'; snapshot: CustomerSnapshot }
  | { kind: 'error'; message: string };

/**
 * The customer of the tab's open chat. Re-read when the chat changes, when the background says
 * the customer changed (a merge in another tab, an edit, new messages), and after the worker
 * restarted. Bursts of change events are coalesced into one read.
 */
export function useCustomer(env: SidebarEnv, conversationKey: string | null) {
  const [state, setState] = useState<CustomerState>({ kind: 'loading' });
  const generation = useRef(0);
  const scheduled = useRef(false);
  const stateRef = useRef(state);
  stateRef.current = state;
  const { connection } = env;

  const load = useCallback(() => {
    const mine = ++generation.current;
    // The id first and cheaply, so the timeline paints without waiting for the card's statistics.
    connection.api
      .getCustomerId()
      .then((customerId) => {
        if (mine !== generation.current || customerId === null) return;
        setState((current) =>
          current.kind === 'ready' && current.snapshot.view.customer.id === customerId
            ? current
            : { kind: 'identified', customerId },
        );
      })
      .catch(() => {
        // getCustomer below reports the failure.
      });
    connection.api
      .getCustomer()
      .then((snapshot) => {
        if (mine !== generation.current) return;
        setState(snapshot ? { kind: 'ready', snapshot } : { kind: 'none' });
      })
      .catch((error: unknown) => {
        if (mine !== generation.current) return;
        // A call cut off by a worker restart: keep showing what we had; the reconnect re-reads.
        setState((current) =>
          current.kind === 'ready' || current.kind === 'identified'
            ? current
            : { kind: 'error', message: String((error as Error)?.message ?? error) },
        );
      });
  }, [connection]);

  const reloadSoon = useCallback(() => {
    if (scheduled.current) return;
    scheduled.current = true;
    setTimeout(() => {
      scheduled.current = false;
      load();
    }, 30);
  }, [load]);

  useEffect(() => {
    if (conversationKey === null) {
      generation.current++;
      setState({ kind: 'none' });
      return;
    }
    load();
  }, [conversationKey, load]);

  useEffect(() => {
    const stopEvents = connection.onEvent((event) => {
      if (event.type === 'customer') reloadSoon();
      // A restarted worker learns the tab's chat only when the content script reports again; a
      // load that ran before that found nothing, so try again once the chat is known.
      else if (
        event.type === 'host-state' &&
        event.state.conversation &&
        (stateRef.current.kind === 'none' || stateRef.current.kind === 'error')
      ) {
        reloadSoon();
      }
    });
    const stopReconnect = connection.onReconnect(reloadSoon);
    return () => {
      stopEvents();
      stopReconnect();
    };
  }, [connection, reloadSoon]);

  return { state, reload: load };
}
