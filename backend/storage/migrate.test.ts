import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { testConfig } from '../test-support/app';
import { forEachDialect } from '../test-support/databases';
import { openDatabase } from './database';
import { migrateToLatest } from './migrate';

const TABLES = [
  'agents',
  'auto_answers',
  'auto_rules',
  'channel_accounts',
  'channel_messages',
  'channel_status_events',
  'channel_templates',
  'conversations',
  'enrollment_codes',
  'events',
  'organisations',
  'templates',
  'tokens',
  'webhook_inbox',
];
const MIGRATIONS = [
  '0001_initial',
  '0002_channels',
  '0003_routing_work_indexes',
  '0004_team_templates',
  '0005_channel_templates',
];

forEachDialect((dialect, databases) => {
  describe('migrations', () => {
    it('create the whole schema on a fresh database, and are idempotent', async () => {
      const database = openDatabase(testConfig(await databases.create()).database);
      try {
        expect(await migrateToLatest(database.db)).toEqual(MIGRATIONS);
        expect(await migrateToLatest(database.db)).toEqual([]);
        const tables = (await database.db.introspection.getTables()).map((t) => t.name).sort();
        expect(tables).toEqual(TABLES);
        const conversation = (await database.db.introspection.getTables()).find(
          (t) => t.name === 'conversations',
        );
        expect(conversation?.columns.map((c) => c.name)).toEqual(
          expect.arrayContaining(['status', 'priority', 'assignee_id', 'queued_at', 'first_agent_reply_at']),
        );
      } finally {
        await database.close();
      }
    });

    it('run safely from two instances at once', async () => {
      const url = await databases.create();
      const a = openDatabase(testConfig(url).database);
      const b = openDatabase(testConfig(url).database);
      try {
        const applied = await Promise.all([migrateToLatest(a.db), migrateToLatest(b.db)]);
        expect(applied.flat()).toEqual(MIGRATIONS);
        expect((await a.db.introspection.getTables()).map((t) => t.name).sort()).toEqual(TABLES);
      } finally {
        await a.close();
        await b.close();
      }
    });

    if (dialect === 'sqlite') {
      it('use WAL mode', async () => {
        const database = openDatabase(testConfig(await databases.create()).database);
        try {
          const { rows } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(database.db);
          expect(rows[0]?.journal_mode).toBe('wal');
        } finally {
          await database.close();
        }
      });
    }
  });
});
