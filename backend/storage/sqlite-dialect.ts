import type { Database as BetterSqlite, Statement } from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  SqliteAdapter,
  type SqliteDatabase,
  SqliteDialect,
  SqliteDriver,
  type SqliteStatement,
} from 'kysely';
import { DatabaseUnavailableError, isSqliteBusy } from './errors';

/**
 * Kysely's stock SQLite driver starts transactions with a deferred `begin`, which fails with
 * SQLITE_BUSY_SNAPSHOT (no waiting) when two connections to one file both read then write.
 * `begin immediate` takes the write lock up front, so every transaction that may assign is
 * serialised across processes sharing the file. The lock is retried asynchronously rather than
 * through a long busy_timeout, because better-sqlite3 waits synchronously and would freeze the
 * event loop (sockets, heartbeats) while another process holds the lock.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  constructor(
    config: ConstructorParameters<typeof SqliteDriver>[0],
    private readonly lockTimeoutMs: number,
  ) {
    super(config);
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const deadline = Date.now() + this.lockTimeoutMs;
    let pause = 1;
    for (;;) {
      try {
        await connection.executeQuery(CompiledQuery.raw('begin immediate'));
        return;
      } catch (error) {
        if (!isSqliteBusy(error)) throw error;
        if (Date.now() >= deadline) {
          throw new DatabaseUnavailableError(
            `The SQLite database stayed locked by another connection for ${this.lockTimeoutMs} ms; retry shortly.`,
            'busy',
            { cause: error },
          );
        }
        await new Promise((resolve) => setTimeout(resolve, pause));
        pause = Math.min(pause * 2, 25);
      }
    }
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(
    private readonly driverConfig: ConstructorParameters<typeof SqliteDriver>[0],
    private readonly lockTimeoutMs: number,
  ) {
    super(driverConfig);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.driverConfig, this.lockTimeoutMs);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

/**
 * SQLite does run DDL inside transactions; saying so makes Kysely's migrator wrap the run in one
 * (an immediate one, above), which is what keeps two processes from migrating the same file twice.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/** Prepared statements are reused: preparing is most of the cost of a small SQLite query. */
function withStatementCache(db: BetterSqlite): SqliteDatabase {
  const cache = new Map<string, Statement>();
  return {
    close: () => db.close(),
    prepare(sql: string): SqliteStatement {
      let statement = cache.get(sql);
      if (!statement) {
        statement = db.prepare(sql);
        if (cache.size > 500) cache.clear();
        cache.set(sql, statement);
      }
      return statement as unknown as SqliteStatement;
    },
  };
}

export function createSqliteDialect(db: BetterSqlite, lockTimeoutMs: number): SqliteDialect {
  return new ImmediateSqliteDialect({ database: withStatementCache(db) }, lockTimeoutMs);
}
