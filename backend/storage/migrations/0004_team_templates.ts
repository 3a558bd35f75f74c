import type { Kysely, Migration } from 'kysely';

/**
 * Team reply templates: the organisation's shared library, one row per template, the template
 * itself stored as JSON (validated against the wire schema in protocol/v1.ts before it is written).
 */
export const teamTemplates: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('templates')
      .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('templates_pk', ['org_id', 'id'])
      .execute();
  },

  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('templates').execute();
  },
};
