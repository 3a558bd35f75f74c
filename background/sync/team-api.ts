/** The sidebar's team methods (see TeamMethods in extension/api/protocol.ts) for one tab. */
import type { HostState, TeamMethods } from '../../extension/api/protocol';
import type { SyncClient } from './sync-client';
import type { EnrollInput } from './team-types';

const ID = /^[^\s/?#]{1,100}$/;

function checkId(value: string, what: string): string {
  if (typeof value !== 'string' || !ID.test(value)) throw new Error(`Invalid ${what}.`);
  return value;
}

export function createTeamApi(
  sync: SyncClient,
  hostState: () => HostState | null,
  /** Throws unless the caller is the sidebar (content scripts never drive team mode). */
  onlySidebar: () => void,
): TeamMethods {
  const guarded =
    <A extends unknown[], R>(f: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      onlySidebar();
      return f(...args);
    };
  return {
    getTeamStatus: guarded(() => sync.status()),
    getTeamConversation: guarded(async () => {
      await sync.ready;
      return sync.conversationFor(hostState());
    }),
    enrollTeam: guarded((input: EnrollInput) => sync.enroll(input)),
    leaveTeam: guarded(() => sync.leave()),
    teamTake: guarded((conversationId: string) =>
      sync.command({ kind: 'take', conversationId: checkId(conversationId, 'conversation') }),
    ),
    teamTransfer: guarded((conversationId: string, agentId: string) =>
      sync.command({
        kind: 'transfer',
        conversationId: checkId(conversationId, 'conversation'),
        agentId: checkId(agentId, 'agent'),
      }),
    ),
    teamResolve: guarded((conversationId: string) =>
      sync.command({ kind: 'resolve', conversationId: checkId(conversationId, 'conversation') }),
    ),
    teamReopen: guarded((conversationId: string) =>
      sync.command({ kind: 'reopen', conversationId: checkId(conversationId, 'conversation') }),
    ),
    setTeamPresence: guarded(async (status: 'online' | 'away') => {
      if (status !== 'online' && status !== 'away') throw new Error('Invalid presence.');
      await sync.command({ kind: 'presence', status });
    }),
    setTeamReplying: guarded((active: boolean) => sync.replyingIn(hostState(), active === true)),
  };
}
