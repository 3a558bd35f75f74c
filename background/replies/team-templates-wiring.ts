/**
 * Wires team templates into the worker: the sync client says when the socket comes online or the
 * agent leaves the team; the reply service's repository receives the snapshot and its suggestion
 * index is rebuilt.
 */
import type { TeamCredentials } from '../../extension/settings/team';
import { getReplyRepository, getReplyService } from './reply-api';
import { createIdbSnapshotStore, createTeamTemplateSync, type TeamTemplateSync } from './team-templates';

export interface TeamSessionSource {
  apiCredentials(): Promise<TeamCredentials | null>;
  onSessionChange(listener: () => void): () => void;
}

let started: TeamTemplateSync | null = null;

export function startTeamTemplates(sync: TeamSessionSource): TeamTemplateSync {
  if (started) return started;
  const teamSync = createTeamTemplateSync({
    repository: getReplyRepository(),
    snapshots: createIdbSnapshotStore(),
    session: async () => {
      const credentials = await sync.apiCredentials();
      return credentials
        ? { backendUrl: credentials.backendUrl, token: credentials.token, orgId: credentials.orgId }
        : null;
    },
    onApplied: () => getReplyService().libraryChanged(),
  });
  started = teamSync;
  sync.onSessionChange(() => {
    void teamSync.refresh().catch(() => undefined);
  });
  teamSync.start();
  return teamSync;
}
