import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe } from 'vitest';
import type { Dialect } from '../storage/database';

export const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres'];

/** The server the PostgreSQL suites create their throwaway databases on. */
export function postgresServerUrl(): string {
  const fromEnv = process.env.TEST_PG_URL ?? process.env.DATABASE_URL;
  if (fromEnv && /^postgres(ql)?:\/\//.test(fromEnv)) return fromEnv;
  return 'postgres://postgres@127.0.0.1:5432/postgres';
}

/** Throwaway databases of one dialect, all removed when the suite ends. */
export class TestDatabases {
  private readonly sqliteDirs: string[] = [];
  private readonly pgNames: string[] = [];

  constructor(readonly dialect: Dialect) {}

  /** A fresh, empty database; returns its DATABASE_URL. */
  async create(): Promise<string> {
    if (this.dialect === 'sqlite') {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-test-'));
      this.sqliteDirs.push(dir);
      return `sqlite:${path.join(dir, 'switchboard.db')}`;
    }
    const name = `sb_test_${randomBytes(6).toString('hex')}`;
    await withServer(async (client) => {
      await client.query(`create database ${name}`);
    });
    this.pgNames.push(name);
    const url = new URL(postgresServerUrl());
    url.pathname = `/${name}`;
    return url.toString();
  }

  async dropAll(): Promise<void> {
    for (const dir of this.sqliteDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    const names = this.pgNames.splice(0);
    if (names.length === 0) return;
    await withServer(async (client) => {
      // FORCE ends connections a failed test may have leaked, so cleanup never hangs.
      for (const name of names) await client.query(`drop database if exists ${name} with (force)`);
    });
  }
}

async function withServer(work: (client: pg.Client) => Promise<void>): Promise<void> {
  const url = postgresServerUrl();
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    // Fail loudly: a backend suite that silently skipped PostgreSQL would prove nothing about it.
    throw new Error(
      `PostgreSQL is unreachable at ${url.replace(/:[^:@/]*@/, ':***@')} (${(error as Error).message}). ` +
        'The backend suites run against both SQLite and PostgreSQL: start PostgreSQL or set TEST_PG_URL.',
    );
  }
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Declares the suite once per dialect. `databases.create()` gives a fresh database of that
 * dialect; everything created is dropped after the suite.
 */
export function forEachDialect(suite: (dialect: Dialect, databases: TestDatabases) => void): void {
  describe.each(DIALECTS)('%s', (dialect) => {
    const databases = new TestDatabases(dialect);
    afterAll(() => databases.dropAll());
    suite(dialect, databases);
  });
}
