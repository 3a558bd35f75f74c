import type { Kysely, Migration } from 'kysely';

/**
 * Business API channels: the raw webhook inbox (acknowledged once durable, processed later),
 * every message in or out with its delivery state, status events as received, and automation.
 */
export const channels: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('channel_accounts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('channel', 'text', (c) => c.notNull())
      // phone_number_id (WhatsApp), Page id (Messenger), Instagram professional account id
      .addColumn('external_id', 'text', (c) => c.notNull())
      .addColumn('rate_per_second', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('channel_accounts_external', ['channel', 'external_id'])
      .execute();

    await db.schema
      .createTable('webhook_inbox')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('lease_until', 'bigint')
      .addColumn('processed_at', 'bigint')
      .addColumn('error', 'text')
      .execute();
    await db.schema
      .createIndex('webhook_inbox_pending')
      .on('webhook_inbox')
      .columns(['status', 'received_at'])
      .execute();

    await db.schema
      .createTable('channel_messages')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('account_id', 'text', (c) => c.notNull().references('channel_accounts.id'))
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
      .addColumn('customer_id', 'text', (c) => c.notNull())
      .addColumn('direction', 'text', (c) => c.notNull())
      .addColumn('external_id', 'text')
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('text', 'text')
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('error_code', 'text')
      .addColumn('error_reason', 'text')
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
      .addColumn('lease_until', 'bigint')
      .addColumn('created_by', 'text')
      .addColumn('rule_id', 'text')
      .addColumn('client_key', 'text')
      .addColumn('occurred_at', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('sent_at', 'bigint')
      .addColumn('delivered_at', 'bigint')
      .addColumn('read_at', 'bigint')
      .addColumn('failed_at', 'bigint')
      // Exactly-once effect of inbound retries and duplicates: Meta's message id is the key.
      .addUniqueConstraint('channel_messages_external', ['channel', 'external_id'])
      .addUniqueConstraint('channel_messages_client_key', ['org_id', 'client_key'])
      .execute();
    await db.schema
      .createIndex('channel_messages_due')
      .on('channel_messages')
      .columns(['account_id', 'state', 'next_attempt_at'])
      .execute();
    await db.schema
      .createIndex('channel_messages_conversation')
      .on('channel_messages')
      .columns(['conversation_id', 'created_at'])
      .execute();

    await db.schema
      .createTable('channel_status_events')
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('external_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('occurred_at', 'bigint', (c) => c.notNull())
      .addColumn('error_code', 'text')
      .addColumn('error_reason', 'text')
      .addColumn('callback_data', 'text')
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('channel_status_events_pk', ['channel', 'external_id', 'status'])
      .execute();
    await db.schema
      .createIndex('channel_status_events_callback')
      .on('channel_status_events')
      .columns(['callback_data'])
      .execute();

    await db.schema
      .createTable('auto_rules')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('language', 'text')
      .addColumn('phrases', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('template_name', 'text')
      .addColumn('template_language', 'text')
      .addColumn('reply_text', 'text')
      .addColumn('lookup_url', 'text')
      .addColumn('lookup_timeout_ms', 'integer')
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('auto_answers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id'))
      // One decision per inbound message, however often its webhook is replayed.
      .addColumn('inbound_message_id', 'text', (c) => c.notNull().unique())
      .addColumn('cycle', 'integer', (c) => c.notNull())
      .addColumn('rule_id', 'text')
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('outbound_message_id', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('auto_answers_conversation')
      .on('auto_answers')
      .columns(['conversation_id', 'cycle'])
      .execute();
  },

  async down(db: Kysely<unknown>) {
    for (const table of [
      'auto_answers',
      'auto_rules',
      'channel_status_events',
      'channel_messages',
      'webhook_inbox',
      'channel_accounts',
    ]) {
      await db.schema.dropTable(table).execute();
    }
  },
};
