import type { Migration, MigrationProvider } from 'kysely';
import { initial } from './0001_initial';
import { channels } from './0002_channels';
import { routingWorkIndexes } from './0003_routing_work_indexes';
import { teamTemplates } from './0004_team_templates';
import { channelTemplates } from './0005_channel_templates';

/** Migrations live in code (not read from disk) so the same list runs under tsx, vitest and bundles. */
export const migrations: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_channels': channels,
  '0003_routing_work_indexes': routingWorkIndexes,
  '0004_team_templates': teamTemplates,
  '0005_channel_templates': channelTemplates,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
