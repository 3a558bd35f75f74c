import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env, '/srv/app');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('uses documented defaults for an empty environment', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config.port).toBe(8787);
    expect(config.host).toBe('127.0.0.1');
    expect(config.logLevel).toBe('info');
    expect(config.adminToken).toBeUndefined();
    expect(config.database).toEqual({
      dialect: 'sqlite',
      file: path.resolve('/srv/app', 'data/switchboard.db'),
      busyTimeoutMs: 5000,
    });
    expect(config.meta.graphApiBase).toBe('https://graph.facebook.com');
  });

  it('reads PostgreSQL URLs and explicit values', () => {
    const config = loadConfig(
      {
        PORT: '9000',
        HOST: '0.0.0.0',
        LOG_LEVEL: 'WARN',
        DATABASE_URL: 'postgres://sb:secret@db:5432/switchboard',
        SWITCHBOARD_ADMIN_TOKEN: 'x'.repeat(32),
        GRAPH_API_BASE: 'http://127.0.0.1:9999/',
      },
      '/srv/app',
    );
    expect(config).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      logLevel: 'warn',
      adminToken: 'x'.repeat(32),
    });
    expect(config.database).toEqual({
      dialect: 'postgres',
      url: 'postgres://sb:secret@db:5432/switchboard',
      poolSize: 10,
    });
    expect(config.meta.graphApiBase).toBe('http://127.0.0.1:9999');
  });

  it('names the variable and the bad value for each problem, all at once', () => {
    const problems = problemsOf({ PORT: '80a', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x/y' });
    expect(problems).toHaveLength(3);
    expect(problems).toContain('PORT must be an integer from 0 to 65535 (got "80a")');
    expect(problems.find((p) => p.startsWith('LOG_LEVEL'))).toContain('(got "loud")');
    expect(problems.find((p) => p.startsWith('DATABASE_URL'))).toContain('(got "mysql://x/y")');
  });

  it('rejects out-of-range numbers and non-http Graph API bases', () => {
    expect(problemsOf({ PORT: '70000' })).toEqual(['PORT must be an integer from 0 to 65535 (got "70000")']);
    expect(problemsOf({ GRAPH_API_BASE: 'ftp://x' })[0]).toMatch(/^GRAPH_API_BASE must be an http\(s\) URL/);
  });

  it('never echoes secrets or database passwords in errors', () => {
    const message = problemsOf({
      SWITCHBOARD_ADMIN_TOKEN: 'hunter2',
      DATABASE_URL: 'mysql://u:pw@h/db',
    }).join('\n');
    expect(message).toContain(
      'SWITCHBOARD_ADMIN_TOKEN must be at least 24 characters long (got a value of 7 characters)',
    );
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain(':pw@');
  });
});
