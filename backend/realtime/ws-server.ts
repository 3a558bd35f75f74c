import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import { ApiError, describeIssues } from '../api/errors';
import type { AccountsService } from '../auth/accounts';
import type { Authenticator } from '../auth/authenticate';
import type { Principal } from '../auth/principal';
import {
  BEARER_SUBPROTOCOL_PREFIX,
  type ClientMessage,
  HEARTBEAT_INTERVAL_MS,
  MAX_CLIENT_MESSAGE_BYTES,
  MAX_EVENTS_PER_BATCH,
  PROTOCOL_VERSION,
  parseClientMessage,
  type ServerMessage,
  WS_CLOSE,
} from '../protocol/v1';
import type { RoutingService } from '../routing/routing-service';
import { classifyDatabaseError, DatabaseUnavailableError } from '../storage/errors';
import type { Fanout } from './fanout';
import type { AgentSocket, Hub } from './hub';

export const WS_PATH = '/api/v1/ws';
const HELLO_TIMEOUT_MS = 10_000;
/** Heartbeats are written to the database at most this often per socket. */
const HEARTBEAT_WRITE_INTERVAL_MS = 10_000;

interface Dependencies {
  app: FastifyInstance;
  authenticator: Authenticator;
  accounts: AccountsService;
  routing: RoutingService;
  hub: Hub;
  fanout: Fanout;
  presenceTimeoutMs: number;
}

function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  const body = JSON.stringify({
    error: { code: status === 401 ? 'unauthorized' : 'bad_request', message: reason },
  });
  socket.end(
    `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 404 ? 'Not Found' : 'Bad Request'}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function offeredProtocols(request: IncomingMessage): string[] {
  const header = request.headers['sec-websocket-protocol'];
  return header
    ? header
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)
    : [];
}

function errorFrame(error: unknown, id?: string): ServerMessage {
  const classified = classifyDatabaseError(error);
  if (classified instanceof ApiError)
    return { type: 'error', ...(id ? { id } : {}), code: classified.code, message: classified.message };
  if (classified instanceof DatabaseUnavailableError) {
    return { type: 'error', ...(id ? { id } : {}), code: 'database_busy', message: classified.message };
  }
  return { type: 'error', ...(id ? { id } : {}), code: 'internal', message: 'Internal server error' };
}

/** The `/api/v1/ws` endpoint: authenticates, then relays commands and pushes for one agent. */
export function attachWebSocketServer(deps: Dependencies): { close(): void } {
  const { app, hub } = deps;
  const wss = new WebSocketServer({
    noServer: true,
    // Hard ceiling; messages between the protocol limit and this get an error frame instead.
    maxPayload: 1024 * 1024,
    handleProtocols: (protocols) => (protocols.has(PROTOCOL_VERSION) ? PROTOCOL_VERSION : false),
  });

  app.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => {});
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== WS_PATH)
      return rejectUpgrade(socket, 404, `No WebSocket endpoint at ${url.pathname}`);
    const protocols = offeredProtocols(request);
    if (protocols.length > 0 && !protocols.includes(PROTOCOL_VERSION)) {
      return rejectUpgrade(socket, 400, `Unsupported protocol; this server speaks ${PROTOCOL_VERSION}`);
    }
    const token =
      protocols
        .find((p) => p.startsWith(BEARER_SUBPROTOCOL_PREFIX))
        ?.slice(BEARER_SUBPROTOCOL_PREFIX.length) ??
      url.searchParams.get('token') ??
      undefined;
    const upgrade = (principal: Principal | null) =>
      wss.handleUpgrade(request, socket, head, (ws) =>
        startSession(deps, ws, principal && token ? { principal, token } : null),
      );
    if (token === undefined) return upgrade(null);
    deps.authenticator.authenticate(token).then(
      (principal) =>
        principal ? upgrade(principal) : rejectUpgrade(socket, 401, 'Invalid or revoked token'),
      (error: unknown) => {
        app.log.warn({ err: error }, 'websocket authentication failed');
        rejectUpgrade(socket, 503, 'Authentication is unavailable; retry shortly');
      },
    );
  });

  // Sockets that stopped pinging are closed: an MV3 worker that was suspended will reconnect.
  const idleCheck = setInterval(
    () => {
      const cutoff = Date.now() - deps.presenceTimeoutMs;
      for (const connection of hub.all()) {
        if (connection.lastHeardAt < cutoff)
          connection.socket.close(WS_CLOSE.heartbeatTimeout, 'heartbeat timeout');
      }
    },
    Math.min(5_000, deps.presenceTimeoutMs / 2),
  );
  idleCheck.unref();

  return {
    close() {
      clearInterval(idleCheck);
      for (const client of wss.clients) client.close(WS_CLOSE.serverShutdown, 'server shutting down');
      wss.close();
    },
  };
}

function startSession(
  deps: Dependencies,
  ws: WebSocket,
  initial: { principal: Principal; token: string } | null,
): void {
  let connection: AgentSocket | undefined;
  /** Kept to re-check now and then: a token revoked through another instance ends this socket too. */
  let sessionToken = initial?.token;
  let lastHeartbeatWrite = 0;
  const replyingIn = new Set<string>();
  const send = (message: ServerMessage) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
  };

  const helloTimer = setTimeout(() => {
    if (!connection) ws.close(WS_CLOSE.helloTimeout, 'no hello received');
  }, HELLO_TIMEOUT_MS);
  helloTimer.unref();

  const begin = async (principal: Principal) => {
    const { agent, organisation } = await deps.accounts.describe(principal);
    // Welcome is always the first frame; clients load current state over REST after it.
    send({
      type: 'welcome',
      protocol: PROTOCOL_VERSION,
      agent,
      organisation,
      heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
      serverTime: Date.now(),
      maxEventsPerBatch: MAX_EVENTS_PER_BATCH,
    });
    connection = { socket: ws, principal, lastHeardAt: Date.now() };
    deps.hub.add(connection);
  };

  const handle = async (message: ClientMessage, principal: Principal) => {
    switch (message.type) {
      case 'hello':
        send({ type: 'error', code: 'already_authenticated', message: 'This socket is already signed in' });
        return;
      case 'ping': {
        send({ type: 'pong', ...(message.id ? { id: message.id } : {}), serverTime: Date.now() });
        if (Date.now() - lastHeartbeatWrite >= HEARTBEAT_WRITE_INTERVAL_MS) {
          lastHeartbeatWrite = Date.now();
          if (!(await deps.authenticator.authenticate(sessionToken))) {
            send({ type: 'error', code: 'unauthorized', message: 'This token was revoked' });
            ws.close(WS_CLOSE.unauthorized, 'token revoked');
            return;
          }
          await deps.routing.heartbeat(principal);
        }
        return;
      }
      case 'presence':
        await deps.routing.setPresence(principal, message.status);
        lastHeartbeatWrite = Date.now();
        if (message.id) send({ type: 'ack', id: message.id });
        return;
      case 'replying': {
        // Validates the conversation belongs to the caller's organisation before telling anyone.
        await deps.routing.getConversation(principal, message.conversationId);
        if (message.active) replyingIn.add(message.conversationId);
        else replyingIn.delete(message.conversationId);
        deps.fanout.publish([
          {
            orgId: principal.orgId,
            message: {
              type: 'replying',
              conversationId: message.conversationId,
              agentId: principal.agentId,
              active: message.active,
              at: Date.now(),
            },
          },
        ]);
        return;
      }
      case 'take':
        send({
          type: 'ack',
          id: message.id,
          conversation: await deps.routing.take(principal, message.conversationId),
        });
        return;
      case 'transfer':
        send({
          type: 'ack',
          id: message.id,
          conversation: await deps.routing.transfer(principal, message.conversationId, message.agentId),
        });
        return;
      case 'resolve':
        send({
          type: 'ack',
          id: message.id,
          conversation: await deps.routing.resolve(principal, message.conversationId),
        });
        return;
      case 'reopen':
        send({
          type: 'ack',
          id: message.id,
          conversation: await deps.routing.reopen(principal, message.conversationId),
        });
        return;
    }
  };

  const onMessage = async (data: RawData, isBinary: boolean) => {
    if (connection) connection.lastHeardAt = Date.now();
    if (ws.readyState !== WebSocket.OPEN) return;
    const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;
    if (isBinary || size > MAX_CLIENT_MESSAGE_BYTES) {
      send({
        type: 'error',
        code: isBinary ? 'invalid_message' : 'message_too_large',
        message: isBinary
          ? 'Binary frames are not part of the protocol'
          : `Messages are limited to ${MAX_CLIENT_MESSAGE_BYTES} bytes`,
      });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(data.toString());
    } catch {
      send({ type: 'error', code: 'invalid_json', message: 'Messages must be JSON objects' });
      return;
    }
    const parsed = parseClientMessage(json);
    const requestId =
      typeof json === 'object' && json !== null && typeof (json as { id?: unknown }).id === 'string'
        ? ((json as { id: string }).id.slice(0, 64) as string)
        : undefined;
    if (!parsed.success) {
      const details = describeIssues(parsed.error.issues)
        .map((d) => `${d.path}: ${d.message}`)
        .join('; ');
      send({
        type: 'error',
        ...(requestId ? { id: requestId } : {}),
        code: 'invalid_message',
        message: details,
      });
      return;
    }
    const message = parsed.data;
    if (!connection) {
      if (message.type !== 'hello') {
        send({ type: 'error', code: 'unauthenticated', message: 'Send hello with a token first' });
        ws.close(WS_CLOSE.unauthorized, 'unauthenticated');
        return;
      }
      const principal = await deps.authenticator.authenticate(message.token);
      if (!principal) {
        send({ type: 'error', code: 'unauthorized', message: 'Invalid or revoked token' });
        ws.close(WS_CLOSE.unauthorized, 'unauthorized');
        return;
      }
      clearTimeout(helloTimer);
      sessionToken = message.token;
      await begin(principal);
      return;
    }
    try {
      await handle(message, connection.principal);
    } catch (error) {
      if (!(error instanceof ApiError))
        deps.app.log.warn({ err: error, type: message.type }, 'websocket command failed');
      send(errorFrame(error, requestId));
    }
  };

  // One message at a time per socket, so a client's commands take effect in the order it sent them.
  let queue: Promise<void> = Promise.resolve();
  ws.on('message', (data, isBinary) => {
    queue = queue
      .then(() => onMessage(data, isBinary))
      .catch((error: unknown) => {
        deps.app.log.error({ err: error }, 'websocket message handling failed');
        send(errorFrame(error));
      });
  });

  ws.on('close', () => {
    clearTimeout(helloTimer);
    if (!connection) return;
    const { principal } = connection;
    deps.hub.remove(connection);
    if (replyingIn.size > 0) {
      deps.fanout.publish(
        [...replyingIn].map((conversationId) => ({
          orgId: principal.orgId,
          message: {
            type: 'replying',
            conversationId,
            agentId: principal.agentId,
            active: false,
            at: Date.now(),
          },
        })),
      );
    }
    // The grace period starts now; other instances keep the agent online through their heartbeats.
    if (!deps.hub.hasAgent(principal.agentId, principal.orgId)) {
      deps.routing.setPresence(principal, 'offline').catch((error: unknown) => {
        deps.app.log.warn({ err: error }, 'could not mark agent offline');
      });
    }
  });

  ws.on('error', () => {});

  if (initial) {
    clearTimeout(helloTimer);
    queue = begin(initial.principal).catch((error: unknown) => {
      deps.app.log.error({ err: error }, 'websocket session start failed');
      ws.close(1011, 'session start failed');
    });
  }
}
