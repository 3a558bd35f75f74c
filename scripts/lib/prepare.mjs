// Steps shared by `npm start`, `npm test` and `npm run bench`: make a fresh clone runnable.
// Each step checks first and only installs what is missing, so warm runs cost little.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

export function log(message) {
  console.log(`[switchboard] ${message}`);
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status ?? result.signal}`);
  }
}

/** npm ci when node_modules is missing or older than the lock file. */
export function ensureDependencies() {
  const lock = path.join(root, 'package-lock.json');
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  log('installing npm dependencies (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund'], { env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1' } });
}

let aptUpdated = false;
function aptInstall(packages) {
  if (!isRoot) {
    throw new Error(
      `Missing system packages: ${packages.join(' ')}. Install them with: sudo apt-get install -y ${packages.join(' ')}`,
    );
  }
  if (!aptUpdated) {
    run('apt-get', ['update', '-qq']);
    aptUpdated = true;
  }
  log(`installing ${packages.join(' ')} with apt…`);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/** The browser for end-to-end tests: $CHROMIUM_PATH, else Debian's chromium (installed if missing). */
export function ensureChromium() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  let found = candidates.find((c) => existsSync(c));
  if (!found) {
    aptInstall(['chromium']);
    found = '/usr/bin/chromium';
  }
  // Screenshots are looked at by people: without a colour emoji font every emoji is a box.
  if (isRoot && !existsSync('/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf')) {
    aptInstall(['fonts-noto-color-emoji']);
  }
  process.env.CHROMIUM_PATH = found;
  return found;
}

/** The self-hosted translation engine used by the translation tests (loopback only). */
export function ensureApertium() {
  const script = path.join(root, 'scripts/setup/apertium.sh');
  if (!existsSync(script)) return;
  run('bash', [script]);
}

function canConnect(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 1500 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/**
 * PostgreSQL for the backend suite: $TEST_PG_URL or $DATABASE_URL (postgres) if reachable, else the
 * machine's server on 127.0.0.1:5432, else a private throw-away cluster we start ourselves.
 * Never skipped: if none can be had, this throws and the run fails.
 */
export async function ensurePostgres() {
  const configured =
    process.env.TEST_PG_URL ??
    (process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : undefined);
  const url = new URL(configured ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  if (await canConnect(url.hostname, Number(url.port || 5432))) {
    process.env.TEST_PG_URL = url.href;
    return url.href;
  }
  if (configured)
    throw new Error(`PostgreSQL at ${url.host} (from TEST_PG_URL/DATABASE_URL) is not reachable.`);
  log('no PostgreSQL on 127.0.0.1:5432; starting a private one for the tests…');
  const clusters = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql') : [];
  if (clusters.length > 0 && existsSync('/usr/bin/pg_ctlcluster')) {
    spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', clusters[0], 'main', 'start'], {
      stdio: 'inherit',
    });
    if (await canConnect('127.0.0.1', 5432)) {
      process.env.TEST_PG_URL = url.href;
      return url.href;
    }
  }
  const binDir = () => {
    const base = '/usr/lib/postgresql';
    const versions = existsSync(base) ? readdirSync(base).sort() : [];
    const last = versions.at(-1);
    return last ? path.join(base, last, 'bin') : null;
  };
  if (!binDir()) aptInstall(['postgresql']);
  const bin = binDir();
  if (!bin) throw new Error('PostgreSQL could not be installed.');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'switchboard-pg-'));
  const port = 55432;
  // PostgreSQL refuses to run as root: run it as the postgres system user when we are root.
  const asPostgres = (args) =>
    isRoot ? ['runuser', ['-u', 'postgres', '--', ...args]] : [args[0], args.slice(1)];
  if (isRoot) execFileSync('chown', ['postgres:postgres', dataDir]);
  chmodSync(dataDir, 0o700);
  const [initCmd, initArgs] = asPostgres([
    path.join(bin, 'initdb'),
    '-D',
    dataDir,
    '-A',
    'trust',
    '-U',
    'postgres',
  ]);
  run(initCmd, initArgs, { stdio: 'ignore' });
  const [startCmd, startArgs] = asPostgres([
    path.join(bin, 'pg_ctl'),
    '-D',
    dataDir,
    '-l',
    path.join(dataDir, 'log'),
    '-w',
    'start',
    '-o',
    `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1`,
  ]);
  run(startCmd, startArgs);
  const privateUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  process.env.TEST_PG_URL = privateUrl;
  return privateUrl;
}

/** Builds the extension for Chrome (.output/chrome-mv3) and Firefox (.output/firefox-mv2). */
export function buildExtension({ firefox = true } = {}) {
  log('building the extension…');
  run('npx', ['wxt', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (firefox) run('npx', ['wxt', 'build', '-b', 'firefox'], { stdio: ['ignore', 'ignore', 'inherit'] });
  return path.join(root, '.output/chrome-mv3');
}

export function ensureDir(dir) {
  mkdirSync(path.join(root, dir), { recursive: true });
}
