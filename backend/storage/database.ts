import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config/config';
import type { Schema } from './schema';
import { SqliteCheckpointer } from './sqlite-checkpointer';
import { createSqliteDialect } from './sqlite-dialect';

export type Dialect = DatabaseConfig['dialect'];

export interface Database {
  db: Kysely<Schema>;
  /**
   * For reads outside a transaction (authentication, listings). SQLite: a second connection, so
   * in WAL mode these reads see every committed change without queueing behind the one write
   * connection while it holds a transaction open across awaits. PostgreSQL: the same pool.
   */
  readDb: Kysely<Schema>;
  dialect: Dialect;
  /** PostgreSQL only: the pool, so real-time fan-out can open its LISTEN connection from the same URL. */
  postgresUrl?: string;
  close(): Promise<void>;
}

const INT8_OID = 20;

/** bigint columns and count(*) hold epoch milliseconds and counts: safe as JS numbers. */
export const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as never,
};

export function openDatabase(config: DatabaseConfig): Database {
  if (config.dialect === 'sqlite') {
    fs.mkdirSync(path.dirname(config.file), { recursive: true });
    const sqlite = new BetterSqlite3(config.file);
    sqlite.pragma('journal_mode = WAL');
    // NORMAL in WAL mode keeps every committed transaction across a process crash (kill -9);
    // only an OS crash or power loss can drop the last few, which is the usual trade-off.
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    // Checkpoints normally run in a worker (see SqliteCheckpointer); this is only the backstop
    // that bounds the WAL (≈40 MB) should the worker fall behind.
    sqlite.pragma('wal_autocheckpoint = 10000');
    // Short on purpose: lock waits for writes are retried asynchronously by the dialect.
    sqlite.pragma(`busy_timeout = ${Math.min(config.busyTimeoutMs, 50)}`);
    const db = new Kysely<Schema>({ dialect: createSqliteDialect(sqlite, config.busyTimeoutMs) });
    // Opened after the writer has put the file in WAL mode, which is what lets readers run alongside.
    const reader = new BetterSqlite3(config.file);
    reader.pragma(`busy_timeout = ${Math.min(config.busyTimeoutMs, 50)}`);
    reader.pragma('query_only = ON');
    const readDb = new Kysely<Schema>({ dialect: createSqliteDialect(reader, config.busyTimeoutMs) });
    const checkpointer = new SqliteCheckpointer(config.file);
    return {
      db,
      readDb,
      dialect: 'sqlite',
      close: async () => {
        await checkpointer.close();
        await readDb.destroy();
        await db.destroy();
      },
    };
  }
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize,
    types: pgTypes,
    connectionTimeoutMillis: 5_000,
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return { db, readDb: db, dialect: 'postgres', postgresUrl: config.url, close: () => db.destroy() };
}
