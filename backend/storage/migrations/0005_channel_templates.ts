import type { Kysely, Migration } from 'kysely';

/**
 * The Meta-approved WhatsApp templates of a channel account, as a lead registers them, so the
 * sidebar can offer them for API sends (e.g. to reopen a conversation after 24 h).
 */
export const channelTemplates: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('channel_templates')
      .ifNotExists() // installs that ran the earlier create-on-first-use code already have it
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('org_id', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('language', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('channel_templates_org_account')
      .ifNotExists()
      .on('channel_templates')
      .columns(['org_id', 'account_id'])
      .execute();
  },

  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('channel_templates').execute();
  },
};
