/**
 * Starts a real Apertium APy for tests and benchmarks, on 127.0.0.1 only (through
 * apy-loopback.py, since APy itself has no bind-address option), on a free port, and waits until
 * it answers /listPairs. Failing to start is an error with APy's own output, never a skip:
 * scripts/setup/apertium.sh installs it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ApertiumServer {
  baseUrl: string;
  port: number;
  stop(): Promise<void>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const LAUNCHER = path.join(here, 'apy-loopback.py');
const MODES_DIR = process.env.APERTIUM_MODES_DIR ?? '/usr/share/apertium/modes';
// APy and its tornado come from Debian's python3 packages; a python3 earlier on PATH (pyenv,
// a virtualenv) would not see them.
const PYTHON =
  process.env.APERTIUM_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return resolve();
    child.once('exit', () => resolve());
    // APy starts its translation pipelines as child processes: end the whole group we created.
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      child.kill('SIGTERM');
    }
    setTimeout(() => {
      if (child.exitCode === null && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }, 3000).unref();
  });
}

export async function startApertium(options: { timeoutMs?: number } = {}): Promise<ApertiumServer> {
  if (!existsSync(MODES_DIR)) {
    throw new Error(
      `Apertium is not installed (${MODES_DIR} is missing). Run: sudo bash scripts/setup/apertium.sh`,
    );
  }
  const port = await freePort();
  const output: string[] = [];
  const child = spawn(PYTHON, [LAUNCHER, '-p', String(port), MODES_DIR], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_ALL: 'C.UTF-8' },
  });
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `exited with ${signal ?? code}`;
  });
  child.once('error', (error) => {
    exited = `could not be started (${error.message})`;
  });

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  while (Date.now() < deadline) {
    if (exited) break;
    if (await answers(`${baseUrl}/listPairs`)) {
      return { baseUrl, port, stop: () => stopProcess(child) };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stopProcess(child);
  throw new Error(
    `Apertium APy did not start on ${baseUrl} (${exited ?? 'no answer in time'}). ` +
      `Command: ${PYTHON} ${LAUNCHER} -p ${port} ${MODES_DIR}\n${output.join('').slice(-2000)}`,
  );
}
