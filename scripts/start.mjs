#!/usr/bin/env node
// `npm start`: install what is missing, build the extension for Chrome and Firefox, start the
// backend, and say how to load the extension and where the backend listens.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { buildExtension, ensureDependencies, log, root } from './lib/prepare.mjs';

ensureDependencies();
buildExtension();

const port = Number(process.env.PORT ?? 8787);
const host = process.env.HOST ?? '127.0.0.1';
const backend = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'backend/main.ts')], {
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, PORT: String(port), HOST: host },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => backend.kill(signal));
backend.on('exit', (code) => process.exit(code ?? 0));

const base = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
for (let attempt = 0; attempt < 100; attempt++) {
  try {
    const response = await fetch(`${base}/healthz`);
    if (response.ok) break;
  } catch {
    // not listening yet
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
}

console.log(`
Switchboard is ready.

  Backend:    ${base}   (health: ${base}/healthz, API: ${base}/api/v1/)
  Database:   ${process.env.DATABASE_URL ?? 'sqlite:./data/switchboard.db'}

Load the extension:
  Chrome/Edge: open chrome://extensions, turn on "Developer mode", "Load unpacked" →
               ${path.join(root, '.output/chrome-mv3')}
  Firefox:     open about:debugging#/runtime/this-firefox, "Load Temporary Add-on…" →
               ${path.join(root, '.output/firefox-mv2/manifest.json')}

Then open https://web.whatsapp.com/, https://www.facebook.com/messages/ or
https://www.instagram.com/direct/inbox/. Press Ctrl+C to stop the backend.
`);
log('backend logs follow (JSON lines)');
