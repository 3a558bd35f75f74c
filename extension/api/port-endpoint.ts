import * as Comlink from 'comlink';
import type { Browser } from 'wxt/browser';
import type { CaptureAck, CaptureFrame } from './protocol';

/**
 * comlink speaks postMessage; a runtime.Port speaks onMessage/postMessage with JSON-like data.
 * Every frame on the port is an envelope so RPC traffic and pushed events share one port.
 * Calls to the background travel as one JSON string (`j`): a port serializes its message into
 * JSON anyway, but converting a nested object costs the caller several times what V8's
 * JSON.stringify does (~0.1 ms vs ~0.02 ms per capture batch, measured in a content script), and
 * the caller is the host page's main thread. `m` (an object) is still accepted. Pushed events
 * travel the same way (`j`) for the same reason, on the worker's side, and are read by every
 * sidebar and content script. Captured messages travel as one-way `cap` frames acknowledged by
 * coalesced `ack` frames (protocol.ts).
 */
export type Envelope<E> =
  | { k: 'rpc'; m: unknown }
  | { k: 'rpc'; j: string }
  | { k: 'event'; e: E }
  | { k: 'event'; j: string }
  | CaptureFrame
  | CaptureAck;

function rpcPayload(envelope: { k: 'rpc'; m: unknown } | { k: 'rpc'; j: string }): unknown {
  return 'j' in envelope && typeof envelope.j === 'string'
    ? JSON.parse(envelope.j)
    : (envelope as { m: unknown }).m;
}

function eventPayload<E>(envelope: { k: 'event'; e: E } | { k: 'event'; j: string }): E {
  return 'j' in envelope && typeof envelope.j === 'string'
    ? (JSON.parse(envelope.j) as E)
    : (envelope as { e: E }).e;
}

type MessageListener = (ev: MessageEvent) => void;

/** A comlink endpoint over one port (used by the side that is connected to: the background). */
export function portEndpoint(port: Browser.runtime.Port): Comlink.Endpoint {
  const wrapped = new Map<EventListenerOrEventListenerObject, (msg: unknown) => void>();
  return {
    postMessage: (message: unknown) => port.postMessage({ k: 'rpc', m: message } satisfies Envelope<never>),
    addEventListener: (_type: string, listener: EventListenerOrEventListenerObject) => {
      const onMessage = (raw: unknown) => {
        const envelope = raw as Envelope<unknown>;
        if (envelope?.k !== 'rpc') return;
        const ev = { data: rpcPayload(envelope) } as MessageEvent;
        if (typeof listener === 'function') (listener as MessageListener)(ev);
        else listener.handleEvent(ev);
      };
      wrapped.set(listener, onMessage);
      port.onMessage.addListener(onMessage);
    },
    removeEventListener: (_type: string, listener: EventListenerOrEventListenerObject) => {
      const onMessage = wrapped.get(listener);
      if (onMessage) port.onMessage.removeListener(onMessage);
      wrapped.delete(listener);
    },
  };
}

/** comlink's wire format for a thrown error; used to fail calls whose port died. */
function thrownReply(id: string, message: string) {
  return {
    id,
    type: 'HANDLER',
    name: 'throw',
    value: { isError: true, value: { name: 'BackgroundUnavailableError', message } },
  };
}

export interface BackgroundConnection<Api, E> {
  api: Comlink.Remote<Api>;
  onEvent(listener: (event: E) => void): () => void;
  /** Called after the port was re-opened, i.e. the worker may have lost in-memory state. */
  onReconnect(listener: () => void): () => void;
  /** One-way capture frames (no RPC reply: see capture-queue.ts); opens the port if needed. */
  postCapture(frame: CaptureFrame): void;
  onCaptureAck(listener: (ack: CaptureAck) => void): () => void;
  /** The port died: whatever was posted on it and not acknowledged may be lost. */
  onDisconnect(listener: () => void): () => void;
  close(): void;
}

/**
 * The calling side (sidebar, content script). The browser may stop the service worker at any
 * time, which disconnects the port; the next call opens a new port and so wakes the worker.
 * Calls in flight when the port died are rejected (never silently re-sent: the caller knows
 * whether its call is safe to repeat).
 */
export function connectToBackground<Api, E>(
  connect: () => Browser.runtime.Port,
): BackgroundConnection<Api, E> {
  let port: Browser.runtime.Port | null = null;
  let closed = false;
  let connectedOnce = false;
  const rpcListeners = new Set<MessageListener>();
  const eventListeners = new Set<(event: E) => void>();
  const inFlight = new Set<string>();
  const reconnectListeners = new Set<() => void>();
  const ackListeners = new Set<(ack: CaptureAck) => void>();
  const disconnectListeners = new Set<() => void>();

  const deliverRpc = (data: unknown) => {
    const id = (data as { id?: string } | null)?.id;
    if (id) inFlight.delete(id);
    for (const listener of rpcListeners) listener({ data } as MessageEvent);
  };

  const ensurePort = (): Browser.runtime.Port => {
    if (port) return port;
    if (closed) throw new Error('Switchboard connection closed');
    const p = connect();
    port = p;
    p.onMessage.addListener((raw: unknown) => {
      const envelope = raw as Envelope<E>;
      if (envelope?.k === 'rpc') deliverRpc(rpcPayload(envelope));
      else if (envelope?.k === 'event') {
        const event = eventPayload(envelope);
        for (const listener of eventListeners) listener(event);
      } else if (envelope?.k === 'ack') for (const listener of ackListeners) listener(envelope);
    });
    p.onDisconnect.addListener(() => {
      port = null;
      for (const id of [...inFlight]) {
        deliverRpc(thrownReply(id, 'The Switchboard background stopped before answering. Please try again.'));
      }
      for (const listener of disconnectListeners) listener();
      // A part that listens for pushed events must stay connected: reconnecting wakes the worker.
      if (eventListeners.size > 0 && !closed) setTimeout(() => !closed && !port && ensurePort(), 250);
    });
    if (connectedOnce) {
      queueMicrotask(() => {
        for (const listener of reconnectListeners) listener();
      });
    }
    connectedOnce = true;
    return p;
  };

  const post = (envelope: Envelope<E>) => {
    try {
      ensurePort().postMessage(envelope);
    } catch {
      // The port died without onDisconnect having run yet (worker just stopped): open a new one.
      port = null;
      ensurePort().postMessage(envelope);
    }
  };

  const endpoint: Comlink.Endpoint = {
    postMessage: (message: unknown) => {
      const id = (message as { id?: string } | null)?.id;
      if (id) inFlight.add(id);
      post({ k: 'rpc', j: JSON.stringify(message) });
    },
    addEventListener: (_type, listener) => {
      rpcListeners.add(listener as MessageListener);
    },
    removeEventListener: (_type, listener) => {
      rpcListeners.delete(listener as MessageListener);
    },
  };

  return {
    api: Comlink.wrap<Api>(endpoint),
    onEvent(listener) {
      eventListeners.add(listener);
      ensurePort();
      return () => eventListeners.delete(listener);
    },
    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
    postCapture: post,
    onCaptureAck(listener) {
      ackListeners.add(listener);
      return () => ackListeners.delete(listener);
    },
    onDisconnect(listener) {
      disconnectListeners.add(listener);
      return () => disconnectListeners.delete(listener);
    },
    close() {
      closed = true;
      port?.disconnect();
      port = null;
    },
  };
}
