import path from 'node:path';
import { z } from 'zod';

export type DatabaseConfig =
  | { dialect: 'sqlite'; file: string; busyTimeoutMs: number }
  | { dialect: 'postgres'; url: string; poolSize: number };

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  port: number;
  host: string;
  logLevel: LogLevel;
  database: DatabaseConfig;
  /** Instance operator token; bootstraps the default organisation and may create organisations. */
  adminToken: string | undefined;
  /** An agent whose sockets and pings all stop for this long is considered offline. */
  presenceTimeoutMs: number;
  /** How often each instance looks for stale agents, expired grace periods and snoozes. */
  sweepIntervalMs: number;
  meta: {
    appSecret: string | undefined;
    verifyToken: string | undefined;
    graphApiBase: string;
    accessTokens: { whatsapp?: string; messenger?: string; instagram?: string };
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const integer = (min: number, max: number, fallback: number) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw.trim() === '') return fallback;
      const value = Number(raw);
      if (!/^\s*-?\d+\s*$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
        ctx.addIssue({ code: 'custom', message: `must be an integer from ${min} to ${max}` });
        return z.NEVER;
      }
      return value;
    });

const optionalSecret = (minLength: number) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === '') return undefined;
      if (raw.length < minLength) {
        ctx.addIssue({ code: 'custom', message: `must be at least ${minLength} characters long` });
        return z.NEVER;
      }
      return raw;
    });

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const envSchema = z.object({
  PORT: integer(0, 65535, 8787),
  HOST: z
    .string()
    .optional()
    .transform((raw) => (raw?.trim() ? raw.trim() : '127.0.0.1')),
  LOG_LEVEL: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const level = raw?.trim().toLowerCase() || 'info';
      if (!(LOG_LEVELS as readonly string[]).includes(level)) {
        ctx.addIssue({ code: 'custom', message: `must be one of ${LOG_LEVELS.join(', ')}` });
        return z.NEVER;
      }
      return level as LogLevel;
    }),
  DATABASE_URL: z.string().optional(),
  SQLITE_BUSY_TIMEOUT_MS: integer(0, 600_000, 5_000),
  PG_POOL_SIZE: integer(1, 1_000, 10),
  SWITCHBOARD_ADMIN_TOKEN: optionalSecret(24),
  SWITCHBOARD_PRESENCE_TIMEOUT_MS: integer(1_000, 3_600_000, 60_000),
  SWITCHBOARD_SWEEP_INTERVAL_MS: integer(50, 3_600_000, 5_000),
  META_APP_SECRET: optionalSecret(8),
  META_VERIFY_TOKEN: optionalSecret(1),
  GRAPH_API_BASE: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const value = raw?.trim() || 'https://graph.facebook.com';
      try {
        const url = new URL(value);
        if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
        return value.replace(/\/+$/, '');
      } catch {
        ctx.addIssue({
          code: 'custom',
          message: 'must be an http(s) URL such as https://graph.facebook.com',
        });
        return z.NEVER;
      }
    }),
  WHATSAPP_ACCESS_TOKEN: optionalSecret(1),
  MESSENGER_ACCESS_TOKEN: optionalSecret(1),
  INSTAGRAM_ACCESS_TOKEN: optionalSecret(1),
});

const DEFAULT_DATABASE_URL = 'sqlite:./data/switchboard.db';

/** Accepts `sqlite:<path>` (relative to `cwd`) and `postgres://` / `postgresql://` URLs. */
export function parseDatabaseUrl(
  raw: string,
  options: { cwd: string; busyTimeoutMs: number; poolSize: number },
): DatabaseConfig | string {
  const value = raw.trim();
  if (/^postgres(ql)?:\/\//i.test(value)) {
    try {
      new URL(value);
    } catch {
      return 'is not a valid PostgreSQL URL (expected postgres://user@host:5432/database)';
    }
    return { dialect: 'postgres', url: value, poolSize: options.poolSize };
  }
  const sqlite = /^sqlite:(?:\/\/)?(.+)$/i.exec(value);
  if (sqlite?.[1]) {
    return {
      dialect: 'sqlite',
      file: path.resolve(options.cwd, sqlite[1]),
      busyTimeoutMs: options.busyTimeoutMs,
    };
  }
  return 'must start with sqlite: (for example sqlite:./data/switchboard.db) or postgres://';
}

function describeValue(value: string | undefined): string {
  if (value === undefined) return 'nothing';
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}

const SECRET_VARIABLES = new Set([
  'SWITCHBOARD_ADMIN_TOKEN',
  'META_APP_SECRET',
  'META_VERIFY_TOKEN',
  'WHATSAPP_ACCESS_TOKEN',
  'MESSENGER_ACCESS_TOKEN',
  'INSTAGRAM_ACCESS_TOKEN',
]);

/** Reads the whole configuration from the environment; throws one ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = envSchema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? 'environment');
      // Never echo secrets back into logs; their length is enough to diagnose.
      const got = SECRET_VARIABLES.has(name)
        ? `a value of ${env[name]?.length ?? 0} characters`
        : describeValue(env[name]);
      problems.push(`${name} ${issue.message} (got ${got})`);
    }
  }
  const busyTimeoutMs = parsed.success ? parsed.data.SQLITE_BUSY_TIMEOUT_MS : 5_000;
  const poolSize = parsed.success ? parsed.data.PG_POOL_SIZE : 10;
  const rawUrl = env.DATABASE_URL?.trim() ? env.DATABASE_URL : DEFAULT_DATABASE_URL;
  const database = parseDatabaseUrl(rawUrl, { cwd, busyTimeoutMs, poolSize });
  if (typeof database === 'string') {
    problems.push(`DATABASE_URL ${database} (got ${describeValue(redactUrl(rawUrl))})`);
  }
  if (problems.length > 0 || !parsed.success || typeof database === 'string') throw new ConfigError(problems);
  const data = parsed.data;
  return {
    port: data.PORT,
    host: data.HOST,
    logLevel: data.LOG_LEVEL,
    database,
    adminToken: data.SWITCHBOARD_ADMIN_TOKEN,
    presenceTimeoutMs: data.SWITCHBOARD_PRESENCE_TIMEOUT_MS,
    sweepIntervalMs: data.SWITCHBOARD_SWEEP_INTERVAL_MS,
    meta: {
      appSecret: data.META_APP_SECRET,
      verifyToken: data.META_VERIFY_TOKEN,
      graphApiBase: data.GRAPH_API_BASE,
      accessTokens: {
        ...(data.WHATSAPP_ACCESS_TOKEN ? { whatsapp: data.WHATSAPP_ACCESS_TOKEN } : {}),
        ...(data.MESSENGER_ACCESS_TOKEN ? { messenger: data.MESSENGER_ACCESS_TOKEN } : {}),
        ...(data.INSTAGRAM_ACCESS_TOKEN ? { instagram: data.INSTAGRAM_ACCESS_TOKEN } : {}),
      },
    },
  };
}

/** Hides a password embedded in a database URL before it reaches a log line or error. */
export function redactUrl(raw: string): string {
  return raw.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
