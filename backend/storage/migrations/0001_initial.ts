import type { Kysely, Migration } from 'kysely';

// Types are portable on purpose: `text`, `integer` and `bigint` mean the same in both dialects.
export const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('organisations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('max_open_per_agent', 'integer', (c) => c.notNull())
      .addColumn('offline_grace_seconds', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('agents')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('email', 'text')
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('max_open', 'integer')
      .addColumn('languages', 'text', (c) => c.notNull())
      .addColumn('skills', 'text', (c) => c.notNull())
      .addColumn('last_assigned_at', 'bigint')
      .addColumn('last_seen_at', 'bigint')
      .addColumn('offline_since', 'bigint')
      .addColumn('disabled_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('agents_org_status').on('agents').columns(['org_id', 'status']).execute();
    await db.schema
      .createIndex('agents_org_email')
      .on('agents')
      .columns(['org_id', 'email'])
      .unique()
      .execute();

    await db.schema
      .createTable('tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id'))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('revoked_at', 'bigint')
      .execute();

    await db.schema
      .createTable('enrollment_codes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('code_hash', 'text', (c) => c.notNull().unique())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull().references('agents.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('max_uses', 'integer')
      .addColumn('uses', 'integer', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('conversations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('customer_ref', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('priority', 'integer', (c) => c.notNull())
      .addColumn('language', 'text')
      .addColumn('skill', 'text')
      .addColumn('assignee_id', 'text', (c) => c.references('agents.id'))
      .addColumn('preferred_agent_id', 'text', (c) => c.references('agents.id'))
      .addColumn('queued_at', 'bigint')
      .addColumn('assigned_at', 'bigint')
      .addColumn('first_customer_message_at', 'bigint')
      .addColumn('last_customer_message_at', 'bigint')
      .addColumn('first_agent_reply_at', 'bigint')
      .addColumn('last_agent_message_at', 'bigint')
      .addColumn('resolved_at', 'bigint')
      .addColumn('snoozed_until', 'bigint')
      .addColumn('reopen_count', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('conversations_customer', ['org_id', 'channel', 'customer_ref'])
      .execute();
    await db.schema
      .createIndex('conversations_backlog')
      .on('conversations')
      .columns(['org_id', 'queued_at'])
      .execute();
    await db.schema
      .createIndex('conversations_assignee')
      .on('conversations')
      .columns(['assignee_id', 'status'])
      .execute();
    await db.schema
      .createIndex('conversations_org_updated')
      .on('conversations')
      .columns(['org_id', 'updated_at'])
      .execute();

    await db.schema
      .createTable('events')
      .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('agent_id', 'text')
      .addColumn('occurred_at', 'bigint', (c) => c.notNull())
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .addColumn('text', 'text')
      .addPrimaryKeyConstraint('events_pk', ['org_id', 'key'])
      .execute();
    await db.schema
      .createIndex('events_conversation')
      .on('events')
      .columns(['conversation_id', 'occurred_at'])
      .execute();
  },

  async down(db: Kysely<unknown>) {
    for (const table of [
      'events',
      'conversations',
      'enrollment_codes',
      'tokens',
      'agents',
      'organisations',
    ]) {
      await db.schema.dropTable(table).execute();
    }
  },
};
