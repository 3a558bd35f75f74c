import type { BackgroundConnection } from '../../extension/api/port-endpoint';
import type { BackgroundApi, CapturedMessage, HostState, TabEvent } from '../../extension/api/protocol';
import { createIdleBatcher } from './batcher';
import { CaptureQueue } from './capture-queue';
import { find } from './hooks';
import type { HostAdapter, ReadContext } from './host-adapter';
import { pageLanguage } from './locale';
import { attempt, guard, reportOnce } from './safe';

/** Safety net only: observers do the real work; this catches a re-render no observer saw. */
const HEARTBEAT_MS = 5000;
/**
 * Chat-list mutations (previews, badges) are read at most this often. Every incoming message
 * rewrites a preview, and a chat-list read takes all rows; the unread counts it yields are
 * informational, so once a second is plenty.
 */
const CHAT_LIST_THROTTLE_MS = 1000;
/** Rows read synchronously per mutation callback; a bigger change is read in the idle batch. */
const SYNC_ROW_BUDGET = 40;
/**
 * Upper bound for a run (sending new messages, a state read, a re-hook) when the page never goes
 * idle; it bounds how late a message reaches the sidebar on a busy page.
 */
const IDLE_DEADLINE_MS = 60;
/** Typing in the host composer signals "replying now" at most this often. */
const COMPOSER_ACTIVITY_MS = 3000;

interface Hooked {
  root: Element | null;
  anchor: Element | null;
  scope: Element | null;
  chatList: Element | null;
}

export interface Session {
  readState(): HostState;
  /** Re-read everything now (location change, reconnect). */
  refresh(options?: { rescan?: boolean; forceReport?: boolean }): void;
  stop(): void;
}

/**
 * Everything an enabled adapter does on its page: scoped MutationObservers (conversation subtree,
 * chat list, and the child list of the element that holds the conversation, which the apps
 * replace on a chat switch), batched reading off the hot path, message capture through a small
 * dedupe cache, and host-state reports when something the sidebar shows changed.
 */
export function startSession(
  adapter: HostAdapter,
  connection: BackgroundConnection<BackgroundApi, TabEvent>,
): Session {
  // One context object per page language: every mutation callback needs one, and the hook
  // caches (localized strings per fallback) key on the same hooks object. The language is looked
  // at again whenever the state is dirty (at least every heartbeat), not per message.
  let cachedContext: ReadContext | null = null;
  const context = (): ReadContext => {
    if (cachedContext && !stateDirty) return cachedContext;
    const lang = pageLanguage(document);
    if (cachedContext?.lang !== lang)
      cachedContext = { doc: document, loc: location, lang, hooks: { lang, strings: adapter.strings } };
    return cachedContext;
  };

  const queue = new CaptureQueue((frame) => connection.postCapture(frame));
  // A failed batch is queued again and goes with the next run (a new message, the heartbeat).
  const stopAcks = connection.onCaptureAck((ack) => queue.acknowledge(ack));
  const stopDisconnect = connection.onDisconnect(() => queue.requeueUnacknowledged());
  let hooked: Hooked = { root: null, anchor: null, scope: null, chatList: null };
  /**
   * Messages read at mutation time, waiting for the next run; tagged with the scope they came
   * from, and with the thread their rows name when they all name the same one (see
   * HostAdapter.messageThread), else null.
   */
  interface ReadAhead {
    scope: Element | null;
    messages: CapturedMessage[];
    thread: string | null | undefined;
  }
  const emptyReadAhead = (scope: Element | null): ReadAhead => ({ scope, messages: [], thread: undefined });
  let readAhead = emptyReadAhead(null);
  let needRescan = true;
  let forceReport = true;
  let lastReported = '';
  /** The open conversation as last reported, serialized: a message-only run compares just this. */
  let lastConversation = '';
  let lastThread: string | null = null;
  let stopped = false;
  let stateDirty = true;
  /** The chat list changed: its rows are read again, not the whole state. */
  let chatsDirty = false;
  let lastState: HostState | null = null;

  const sortRows = (rows: Iterable<Element>): Element[] =>
    // Document order, so a batch reads oldest → newest however the mutations arrived.
    [...rows].sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));

  /** `trackThread`: for rows read at mutation time only (a rescan's thread is read anyway). */
  const readRows = (rows: Element[], ctx: ReadContext, trackThread = false) => {
    for (const row of rows) {
      const message = attempt('read message', () => adapter.readMessage(row, ctx), null);
      if (!message) continue;
      readAhead.messages.push(message);
      if (!trackThread || readAhead.thread === null) continue;
      const thread = adapter.messageThread
        ? attempt('message thread', () => adapter.messageThread?.(row) ?? null, null)
        : null;
      readAhead.thread = readAhead.thread === undefined || readAhead.thread === thread ? thread : null;
    }
  };

  const conversationObserver = new MutationObserver(
    guard('conversation observer', (records: MutationRecord[]) => {
      // Read the added rows now, in this microtask: a virtualized list may empty a row again
      // within the same task (recycling right after a page of older messages), and its content
      // would be gone by the idle batch. Only added nodes are looked at, and at most
      // SYNC_ROW_BUDGET rows; anything beyond is left to the idle batch's rescan.
      const ctx = context();
      const rows = new Set<Element>();
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node.nodeType !== 1) continue;
          for (const row of adapter.messageRows(node as Element, ctx)) rows.add(row);
        }
        if (rows.size > SYNC_ROW_BUDGET) break;
      }
      if (rows.size > SYNC_ROW_BUDGET) needRescan = true;
      else readRows(sortRows(rows), ctx, true);
      if (rows.size > 0) batcher.schedule();
    }),
  );
  // A replaced conversation pane must be picked up at once; chat-list churn (every incoming message
  // rewrites a preview) is coalesced to a few reads per second.
  const structureObserver = new MutationObserver(
    guard('structure observer', () => {
      stateDirty = true;
      batcher.schedule();
    }),
  );
  // The first change arms the throttled read and pauses the observer until then: the read takes
  // the whole list anyway, and a burst then costs one callback of ours a second, not one per
  // message (each rewrites a preview, a time and a badge).
  let chatListTimer: ReturnType<typeof setTimeout> | null = null;
  const observeChatList = (chatList: Element | null) => {
    if (chatList?.isConnected)
      chatListObserver.observe(chatList, { childList: true, subtree: true, characterData: true });
  };
  const chatListObserver = new MutationObserver(
    guard('chat list observer', () => {
      if (chatListTimer !== null) return;
      chatListObserver.disconnect();
      chatListTimer = setTimeout(() => {
        chatListTimer = null;
        observeChatList(hooked.chatList);
        chatsDirty = true;
        batcher.schedule();
      }, CHAT_LIST_THROTTLE_MS);
    }),
  );

  // "Replying now" from the host composer: one `input` listener on the open chat's composer
  // (moved when the composer is replaced), and at most one message per COMPOSER_ACTIVITY_MS.
  let composer: Element | null = null;
  let lastComposerActivity = Number.NEGATIVE_INFINITY;
  const onComposerInput = guard('composer activity', () => {
    const now = performance.now();
    if (now - lastComposerActivity < COMPOSER_ACTIVITY_MS) return;
    lastComposerActivity = now;
    connection.api.composerActivity().catch(() => {
      lastComposerActivity = Number.NEGATIVE_INFINITY; // the worker restarted: the next keystroke retries
    });
  });
  const hookComposer = (ctx: ReadContext) => {
    const found = attempt('find composer', () => find(ctx.doc, adapter.composer, ctx.hooks), null);
    if (found === composer) return;
    composer?.removeEventListener('input', onComposerInput);
    found?.addEventListener('input', onComposerInput);
    composer = found;
  };

  const rehook = (ctx: ReadContext) => {
    const root = attempt('find conversation', () => adapter.conversationRoot(ctx), null);
    const scope = attempt('find message list', () => adapter.conversationScope(ctx), null);
    const chatList = attempt('find chat list', () => adapter.chatListScope(ctx), null);
    const anchor = root?.parentElement ?? hooked.anchor;
    if (scope !== hooked.scope) {
      conversationObserver.disconnect();
      if (scope) conversationObserver.observe(scope, { childList: true, subtree: true });
      needRescan = true;
      readAhead = emptyReadAhead(scope);
    }
    if (anchor !== hooked.anchor || root !== hooked.root) {
      structureObserver.disconnect();
      if (anchor?.isConnected) structureObserver.observe(anchor, { childList: true });
      if (root) structureObserver.observe(root, { childList: true });
    }
    if (chatList !== hooked.chatList) {
      chatListObserver.disconnect();
      observeChatList(chatList);
    }
    hooked = { root, anchor: anchor?.isConnected ? anchor : null, scope, chatList };
  };

  const readState = (ctx: ReadContext = context()): HostState => {
    const missing = attempt('health', () => adapter.missingHooks(ctx), ['adapter']);
    const conversation = attempt('read conversation', () => adapter.readConversation(ctx), null);
    const chats = attempt('read chat list', () => adapter.readChatList(ctx), []);
    return {
      app: adapter.app,
      host: location.host,
      url: location.href,
      account: attempt('read account', () => adapter.readAccount(ctx), {
        app: adapter.app,
        id: null,
        name: null,
      }),
      health: missing.length ? { ok: false, missing } : { ok: true },
      theme: attempt('read theme', () => adapter.readTheme(ctx), 'light'),
      conversation,
      chats,
    };
  };

  const report = async (state: HostState, force: boolean) => {
    const serialized = JSON.stringify(state);
    if (!force && serialized === lastReported) return;
    lastReported = serialized;
    try {
      await connection.api.reportHostState(state);
    } catch {
      lastReported = ''; // the worker restarted mid-call; the next run (or reconnect) re-sends
    }
  };

  const capture = (ctx: ReadContext, state: HostState) => {
    const conversation = state.conversation;
    const fromMutations = readAhead.scope === hooked.scope ? readAhead.messages : [];
    readAhead = emptyReadAhead(hooked.scope);
    if (!conversation || !hooked.scope) {
      // Between threads (SPA transition): whatever was read ahead is re-read once a thread is known.
      needRescan = true;
      return;
    }
    let messages = fromMutations;
    if (needRescan || conversation.threadId !== lastThread) {
      // Chat switch, re-hook or reconnect: everything rendered, read-ahead included.
      readRows(adapter.messageRows(hooked.scope, ctx), ctx);
      messages = [...fromMutations, ...readAhead.messages];
      readAhead = emptyReadAhead(hooked.scope);
      needRescan = false;
    }
    lastThread = conversation.threadId;
    queue.offer(state.account, conversation, messages);
  };

  const run = () => {
    if (stopped) return;
    try {
      const ctx = context();
      // Left the app's messaging part inside the SPA (facebook.com feed, instagram.com home): watch
      // nothing there; a location change back re-hooks.
      if (!adapter.isActive(location)) {
        if (hooked.scope || hooked.chatList || hooked.root) {
          conversationObserver.disconnect();
          structureObserver.disconnect();
          chatListObserver.disconnect();
          hooked = { root: null, anchor: null, scope: null, chatList: null };
          readAhead = emptyReadAhead(null);
        }
        composer?.removeEventListener('input', onComposerInput);
        composer = null;
        return;
      }
      // A run for new messages (the common case in a burst) looks the hooks up only if one was
      // detached; a replaced pane, the heartbeat, a location change or a reconnect mark the state
      // dirty, and only then are the scopes looked up in the whole document again.
      const dirty = stateDirty || !lastState;
      if (
        !hooked.scope?.isConnected ||
        !hooked.root?.isConnected ||
        (hooked.chatList !== null && !hooked.chatList.isConnected) ||
        (dirty &&
          (adapter.conversationScope(ctx) !== hooked.scope || adapter.chatListScope(ctx) !== hooked.chatList))
      )
        rehook(ctx);
      // Full state (health, chat list, account) only when something beyond the messages changed;
      // a new message only needs the conversation it belongs to (cheap, and read every time so a
      // message is never filed under the previous chat), a chat-list change only the chat list.
      const chatsRead = chatsDirty;
      chatsDirty = false;
      let state: HostState;
      if (stateDirty || !lastState) {
        state = readState(ctx);
        hookComposer(ctx);
        stateDirty = false;
      } else {
        const url = location.href;
        // The rows read since the last run name the conversation already reported (WhatsApp's
        // data-id carries the chat JID) on an unchanged URL: nothing to read. Else read it, so a
        // message is never filed under the previous chat.
        const known = lastState.conversation;
        const conversation =
          known &&
          url === lastState.url &&
          readAhead.scope === hooked.scope &&
          readAhead.thread === known.threadId
            ? known
            : attempt('read conversation', () => adapter.readConversation(ctx), null);
        const chats = chatsRead
          ? attempt('read chat list', () => adapter.readChatList(ctx), lastState.chats)
          : lastState.chats;
        state = { ...lastState, url, conversation, chats };
      }
      capture(ctx, state);
      const force = forceReport;
      forceReport = false;
      const conversationKey =
        state.conversation === lastState?.conversation
          ? lastConversation
          : JSON.stringify(state.conversation);
      const unchanged =
        !dirty &&
        !chatsRead &&
        !force &&
        conversationKey === lastConversation &&
        state.url === lastState?.url;
      lastState = state;
      lastConversation = conversationKey;
      const flush = () => {
        if (queue.hasPending && !queue.flush()) batcher.schedule();
      };
      // Host state first: the background files captured messages under the reported conversation.
      // A message-only run whose conversation is unchanged has nothing to report: send at once.
      if (unchanged) flush();
      else void report(state, force).then(flush);
    } catch (error) {
      reportOnce('session run', error);
    }
  };
  // New rows are read in the mutation callback but sent from here, after the host's frame: the
  // host paints its own message before the port message wakes the extension's processes. Sending
  // from the callback saves ≈ 0.09 ms of our script a message, but the woken processes then take
  // the host's core mid-frame: in the adapters bench the host's main thread was preempted 9.2
  // times a message instead of 1.3, and two long tasks appeared where there were none (see
  // content-scripts/README "Where the host's time goes").
  const batcher = createIdleBatcher(run, IDLE_DEADLINE_MS);

  const heartbeat = setInterval(() => {
    stateDirty = true;
    batcher.schedule();
  }, HEARTBEAT_MS);
  batcher.schedule();

  return {
    readState: () => readState(),
    refresh(options = {}) {
      if (options.rescan) {
        needRescan = true;
        queue.reset();
      }
      if (options.forceReport) forceReport = true;
      stateDirty = true;
      batcher.schedule();
    },
    stop() {
      stopped = true;
      clearInterval(heartbeat);
      if (chatListTimer !== null) clearTimeout(chatListTimer);
      stopAcks();
      stopDisconnect();
      batcher.cancel();
      conversationObserver.disconnect();
      structureObserver.disconnect();
      chatListObserver.disconnect();
      readAhead = emptyReadAhead(null);
      composer?.removeEventListener('input', onComposerInput);
      composer = null;
    },
  };
}
