// What a newcomer meets with `make run`: the extension calls the address the
// API serves (MIKIWAME_ADDR), one version everywhere, Ctrl-C a clean stop,
// and when the API cannot be reached the badge and the popup say how to fix
// it. The API here is started by the Makefile's own recipe (make serve, the
// end of make run), and the extension is a copy with the build.json that
// `make build-json` writes; nothing is typed into the options page.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { once } from 'node:events';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  ensureWasm, extensionDir, freePort, launchBrowser, makeCert, repoRoot, startAmazon, tempDir, waitFor,
} from './harness.js';
import { clickInBadge, inBadge, message, openPage, readBadge } from './env.js';
import { jpProductURL, route } from './site.js';

const run = promisify(execFile);
const VERSION = 'e2e-1.2.3';
const env = {};

// serve runs `make -s serve` (what make run ends with) in its own process
// group, as a terminal would, and resolves once the API answers.
async function serve() {
  const child = spawn('make', ['-s', 'serve', `BIN=${env.dir}`, `BUILD_JSON=${env.ext}/build.json`, `VERSION=${VERSION}`], {
    cwd: repoRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MIKIWAME_ADDR: env.addr, MIKIWAME_METRICS_ADDR: env.metricsAddr, REDIS_URL: '' },
  });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const exited = once(child, 'exit');
  await waitFor(async () => (await fetch(`http://${env.addr}/readyz`)).status === 200, { timeout: 20000, what: 'make serve' });
  return { child, exited, out: () => out };
}

before(async () => {
  env.dir = await tempDir();
  await ensureWasm();
  env.addr = `127.0.0.1:${await freePort()}`;
  env.metricsAddr = `127.0.0.1:${await freePort()}`; // the API serves /metrics on its own listener
  // The extension as make run leaves it, copied so this test's build.json
  // stays out of the working tree.
  env.ext = path.join(env.dir, 'extension');
  await fsp.cp(extensionDir, env.ext, { recursive: true, filter: (src) => !/node_modules|[/\\]test([/\\]|$)/.test(src) });
  await run('make', ['-s', 'build-json', `BUILD_JSON=${env.ext}/build.json`, `VERSION=${VERSION}`], {
    cwd: repoRoot, env: { ...process.env, MIKIWAME_ADDR: env.addr },
  });
  await run('make', ['-s', 'server', `BIN=${env.dir}`, `VERSION=${VERSION}`], { cwd: repoRoot, maxBuffer: 16 << 20 });
  env.amazon = await startAmazon({ tls: await makeCert(env.dir), route });
  env.api = await serve();
  env.browser = await launchBrowser({ amazonPort: env.amazon.port, profileDir: path.join(env.dir, 'profile'), extDir: env.ext });
}, { timeout: 240000 });

after(async () => {
  if (env.browser) await env.browser.close().catch(() => {});
  if (env.api && env.api.child.exitCode === null) env.api.child.kill('SIGKILL');
  if (env.amazon) await env.amazon.stop();
  if (env.dir) await fsp.rm(env.dir, { recursive: true, force: true });
});

test('the Makefile builds the wasm and the server with one version', async () => {
  const { stdout } = await run('make', ['-n', 'wasm', 'server', 'VERSION=v9.8.7'], { cwd: repoRoot });
  assert.equal((stdout.match(/-X main\.version=v9\.8\.7/g) || []).length, 2, stdout);
});

test('with MIKIWAME_ADDR set, the extension calls that address without being told', { timeout: 60000 }, async () => {
  const options = await env.browser.context.newPage();
  await options.goto(env.browser.extensionURL('options/options.html'));
  await waitFor(async () => (await options.locator('#api').inputValue()) === `http://${env.addr}`, { what: 'the options form with the served address' });
  assert.equal((await options.locator('#version').textContent()).trim(), `バージョン ${VERSION}`);
  await options.close();

  const page = await openPage(env, jpProductURL('B0MKWHJK01'));
  const badge = await readBadge(page);
  assert.equal(badge.level, 'danger');
  assert.ok(!badge.notes.includes('page-only'), `notes = ${badge.notes}; want the API reached`);
  const metrics = await (await fetch(`http://${env.metricsAddr}/metrics`)).text();
  assert.match(metrics, /mikiwame_http_requests_total\{[^}]*method="GET"[^}]*status="2/, 'the served API got no read');
  assert.match(env.api.out(), new RegExp(`version=${VERSION}`), `the server logs another version:\n${env.api.out()}`);
  assert.match(env.api.out(), new RegExp(`it now calls http://${env.addr.replace(/\./g, '\\.')}`), 'make serve does not say the address');

  // The popup shows the same version as the server and the module.
  const popup = await env.browser.context.newPage();
  await popup.goto(env.browser.extensionURL('popup/popup.html'));
  await waitFor(async () => (await popup.locator('#version').textContent()).includes(VERSION), { what: 'the popup version' });
  await popup.close();
  await page.close();
});

test('Ctrl-C stops make run cleanly', { timeout: 30000 }, async () => {
  process.kill(-env.api.child.pid, 'SIGINT');
  const [code, signal] = await env.api.exited;
  const out = env.api.out();
  assert.ok(code === 0 || signal === 'SIGINT', `make exited with ${code} ${signal}; want a clean stop\n${out}`);
  assert.doesNotMatch(out, /make: \*\*\*/, `make reported an error:\n${out}`);
  assert.match(out, /Shutting down/, 'the server did not stop gracefully');
});

test('with the API unreachable, the badge and the popup say the address and how to fix it', { timeout: 60000 }, async () => {
  // After the test above, nothing listens on the address.
  const page = await openPage(env, jpProductURL('B0MKWAMZN1'));
  const badge = await readBadge(page);
  assert.ok(badge.notes.includes('page-only'));
  const note = await inBadge(page, (root) => root.querySelector('.mkw-note[data-note=page-only]').textContent);
  const fix = message('ja', 'ui_api_fix').replace('$ADDRESS$', `http://${env.addr}`);
  assert.equal(note, `${message('ja', 'ui_page_only')} ${fix}`);
  // "Open Settings" opens the options page, on a real click.
  const opened = env.browser.context.waitForEvent('page', { timeout: 10000 });
  await clickInBadge(page, '.mkw-open-options');
  const options = await opened;
  assert.equal(options.url(), env.browser.extensionURL('options/options.html'));
  await options.close();

  const popup = await env.browser.context.newPage();
  await popup.goto(env.browser.extensionURL('popup/popup.html'));
  await page.bringToFront();
  await popup.reload();
  await popup.locator('#note-text').waitFor();
  assert.equal((await popup.locator('#note-text').textContent()).trim(), `${message('ja', 'ui_page_only')} ${fix}`);
  assert.equal(await popup.locator('#fix-options').isVisible(), true);
  await popup.close();
  await page.close();
});
