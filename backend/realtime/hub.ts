import type { WebSocket } from 'ws';
import type { Principal } from '../auth/principal';
import type { ServerMessage } from '../protocol/v1';

export interface AgentSocket {
  socket: WebSocket;
  principal: Principal;
  lastHeardAt: number;
}

/** The sockets connected to this instance, by organisation: where pushes are delivered. */
export class Hub {
  private readonly byOrg = new Map<string, Set<AgentSocket>>();

  add(connection: AgentSocket): void {
    let set = this.byOrg.get(connection.principal.orgId);
    if (!set) {
      set = new Set();
      this.byOrg.set(connection.principal.orgId, set);
    }
    set.add(connection);
  }

  remove(connection: AgentSocket): void {
    const set = this.byOrg.get(connection.principal.orgId);
    set?.delete(connection);
    if (set?.size === 0) this.byOrg.delete(connection.principal.orgId);
  }

  /** Sends to every agent of the organisation on this instance; serialised once for all of them. */
  deliver(orgId: string, messages: readonly ServerMessage[]): void {
    const set = this.byOrg.get(orgId);
    if (!set || messages.length === 0) return;
    const frames = messages.map((m) => JSON.stringify(m));
    for (const connection of set) {
      if (connection.socket.readyState !== connection.socket.OPEN) continue;
      for (const frame of frames) connection.socket.send(frame);
    }
  }

  hasAgent(agentId: string, orgId: string): boolean {
    for (const connection of this.byOrg.get(orgId) ?? []) {
      if (connection.principal.agentId === agentId) return true;
    }
    return false;
  }

  /** Closes every socket of one agent on this instance (tokens revoked); returns how many. */
  disconnectAgent(orgId: string, agentId: string, code: number, reason: string): number {
    let closed = 0;
    for (const connection of this.byOrg.get(orgId) ?? []) {
      if (connection.principal.agentId !== agentId) continue;
      connection.socket.close(code, reason);
      closed += 1;
    }
    return closed;
  }

  all(): AgentSocket[] {
    return [...this.byOrg.values()].flatMap((set) => [...set]);
  }
}
