// End-to-end harness: real Redis, the real API server, an HTTPS stand-in for
// Amazon serving fixture pages, and Debian's Chromium with the unpacked
// extension loaded. Every piece listens on a free loopback port and lives in
// a temp dir, so test files can run one after another without clashing.
//
// node --test treats every .js file under test/ as a test file, so this one
// is "run" too; importing it has no side effects besides constants.

import { spawn, execFile } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const e2eDir = path.dirname(fileURLToPath(import.meta.url));
export const extensionDir = path.resolve(e2eDir, '..', '..');
export const repoRoot = path.resolve(extensionDir, '..');
export const fixturesDir = path.join(e2eDir, 'fixtures');
// Real Amazon pages shared by the whole team; read by path, never copied.
export const sharedFixtures = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'amazon');
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// The extension Chromium loads; point it at a mutated copy to check that a
// test can fail.
export const loadedExtensionDir = process.env.MIKIWAME_E2E_EXTENSION || extensionDir;

// Kill whatever this process started if a test crashes before its teardown.
const children = new Set();
process.on('exit', () => {
  for (const c of children) {
    try { c.kill('SIGKILL'); } catch { /* already gone */ }
  }
});

// waitFor polls fn until it returns a truthy value and returns that value;
// it throws after timeout with the last error, never sleeps blindly.
export async function waitFor(fn, { timeout = 10000, interval = 50, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what}${last ? `: ${last.message}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

export async function freePort() {
  const srv = net.createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address();
  srv.close();
  await once(srv, 'close');
  return port;
}

export async function tempDir(prefix = 'mikiwame-e2e-') {
  return fsp.mkdtemp(path.join(os.tmpdir(), prefix));
}

// requireFixtures says whether the shared real pages are there. CI sets
// MIKIWAME_REQUIRE_FIXTURES=1 and must fail rather than skip without them.
export function sharedFixturesReason() {
  if (fs.existsSync(sharedFixtures)) return '';
  const msg = `shared fixtures missing at ${sharedFixtures}`;
  if (process.env.MIKIWAME_REQUIRE_FIXTURES === '1') throw new Error(msg + ' (MIKIWAME_REQUIRE_FIXTURES=1)');
  return msg;
}

function startProcess(name, cmd, args, opts = {}) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  children.add(child);
  let log = '';
  const keep = (chunk) => {
    log += chunk;
    if (log.length > 64 * 1024) log = log.slice(-32 * 1024);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = once(child, 'exit').then(([code, sig]) => {
    children.delete(child);
    return { code, sig };
  });
  return {
    child,
    exited,
    log: () => log,
    name,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    },
  };
}

async function redisPing(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let buf = '';
    s.setTimeout(500, () => { s.destroy(); resolve(false); });
    s.on('error', () => resolve(false));
    s.on('connect', () => s.write('PING\r\n'));
    s.on('data', (d) => {
      buf += d;
      if (buf.includes('\r\n')) { s.end(); resolve(buf.startsWith('+PONG')); }
    });
  });
}

export async function startRedis(dir) {
  const port = await freePort();
  const p = startProcess('redis', 'redis-server', [
    '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
    '--dir', dir, '--logfile', '', '--maxmemory', '256mb', '--maxmemory-policy', 'noeviction',
  ]);
  await waitFor(async () => {
    if (p.child.exitCode !== null) throw new Error(`redis-server exited: ${p.log()}`);
    return redisPing(port);
  }, { what: 'redis-server PING' });
  return { port, url: `redis://127.0.0.1:${port}`, stop: p.stop };
}

// buildServer compiles ./server once per test process; Go's build cache
// makes the second file's build a relink at most.
export async function buildServer(dir) {
  const bin = path.join(dir, 'mikiwame-server');
  await run('go', ['build', '-o', bin, './server'], { cwd: repoRoot, maxBuffer: 16 << 20 });
  return bin;
}

// ensureWasm builds the checker when extension/wasm/ is empty (make test
// builds it first; a bare `npm test` in a fresh checkout would not).
export async function ensureWasm() {
  if (fs.existsSync(path.join(extensionDir, 'wasm', 'mikiwame.wasm'))
    && fs.existsSync(path.join(extensionDir, 'wasm', 'wasm_exec.js'))) return;
  await run('make', ['wasm'], { cwd: repoRoot, maxBuffer: 16 << 20 });
}

export const adminToken = 'e2e-admin-token-0123456789abcdef';

// startAPI runs the real server against redisURL and returns once /readyz
// answers 200. stop() and start() let a test take the API down and back up
// on the same address. extraEnv adds to or overrides the server's settings.
export async function startAPI({ bin, redisURL, extraEnv = {} }) {
  const port = await freePort();
  const metricsPort = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const metricsURL = `http://127.0.0.1:${metricsPort}`;
  const env = {
    ...process.env,
    MIKIWAME_ADDR: `127.0.0.1:${port}`,
    MIKIWAME_METRICS_ADDR: `127.0.0.1:${metricsPort}`,
    REDIS_URL: redisURL,
    MIKIWAME_ADMIN_TOKEN: adminToken,
    // A proof of work of a few dozen hashes, and trust at the first
    // write: the tests play one shopper for minutes, not days.
    MIKIWAME_MINT_DIFFICULTY: '4',
    MIKIWAME_CLIENT_MIN_AGE_DAYS: '0',
    MIKIWAME_CLIENT_MIN_DAYS_SEEN: '1',
    ...extraEnv,
  };
  let proc;
  const api = {
    port,
    url,
    log: () => (proc ? proc.log() : ''),
    async start() {
      proc = startProcess('api', bin, [], { env });
      await waitFor(async () => {
        if (proc.child.exitCode !== null) throw new Error(`server exited: ${proc.log()}`);
        const r = await fetch(`${url}/readyz`);
        return r.status === 200;
      }, { timeout: 15000, what: `API ${url}/readyz` });
    },
    async stop() {
      if (proc) await proc.stop();
    },
    async get(p) {
      const r = await fetch(url + p);
      return { status: r.status, body: await r.json().catch(() => null) };
    },
    // reportsOf lists the reports the API holds for a seller, counted or
    // not, from the moderators' per-seller view.
    async reportsOf(marketplace, sellerId) {
      const r = await fetch(`${url}/v1/admin/sellers/${marketplace}/${sellerId}`, { headers: { authorization: `Bearer ${adminToken}` } });
      if (r.status !== 200) throw new Error(`GET /v1/admin/sellers/${marketplace}/${sellerId} = ${r.status}`);
      const { reports } = await r.json();
      return reports || [];
    },
    // allRequests sums the server's request counter over every route,
    // method and status: what reached the API at all.
    async allRequests() {
      const text = await (await fetch(`${metricsURL}/metrics`)).text();
      return text.split('\n').filter((l) => l.startsWith('mikiwame_http_requests_total{'))
        .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    },
    // requests sums the server's request counter for method and route
    // (from /metrics) over the statuses starting with status ("2" for 2xx).
    async requests(method, route, status = '') {
      const text = await (await fetch(`${metricsURL}/metrics`)).text();
      let sum = 0;
      for (const line of text.split('\n')) {
        if (!line.startsWith('mikiwame_http_requests_total{')) continue;
        if (!line.includes(`method="${method}"`) || !line.includes(`route="${route}"`)) continue;
        if (!line.includes(`status="${status}`)) continue;
        sum += Number(line.slice(line.lastIndexOf(' ') + 1));
      }
      return sum;
    },
  };
  await api.start();
  return api;
}

// startForwarder stands in for the reverse proxy in front of the API,
// seeing one shopper on a network of its own: it passes every request on
// to target with X-Forwarded-For set to forwardedFor. The server believes
// the header only from a peer in MIKIWAME_TRUSTED_PROXIES (the test lists
// 127.0.0.1/32), as it would a real proxy's; without that it counts the
// loopback peer, and every shopper would be one network block. Requests
// are recorded with their bodies, so a test sees what the extension sent.
export async function startForwarder({ target, forwardedFor }) {
  const requests = [];
  let inFlight = 0;
  const server = http.createServer((req, res) => {
    inFlight++;
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: req.method, path: req.url, body: body.toString('utf8') });
      const headers = { ...req.headers, 'x-forwarded-for': forwardedFor };
      delete headers.host;
      const up = http.request(new URL(req.url, target), { method: req.method, headers }, (answer) => {
        res.writeHead(answer.statusCode, answer.headers);
        answer.pipe(res);
        answer.on('end', () => inFlight--);
      });
      up.on('error', (err) => {
        inFlight--;
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: `forwarder: ${err.message}` }));
      });
      up.end(body);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    idle: () => inFlight === 0,
    async stop() {
      server.closeAllConnections();
      server.close();
    },
  };
}

// redisCommand runs one command with redis-cli (Debian's redis-tools, which
// redis-server depends on) and returns its raw answer, trimmed.
export async function redisCommand(port, ...args) {
  const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), '--raw', ...args]);
  return stdout.trim();
}

export async function makeCert(dir) {
  try {
    await run('openssl', ['version']);
  } catch {
    throw new Error('openssl is required for the e2e certificate: apt-get install openssl');
  }
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  await run('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
    '-subj', '/CN=www.amazon.co.jp',
    '-addext', 'subjectAltName=DNS:www.amazon.co.jp,DNS:www.amazon.com',
    '-keyout', key, '-out', cert,
  ]);
  return { key: await fsp.readFile(key), cert: await fsp.readFile(cert) };
}

// startAmazon serves pages from a route function: route(host, url) returns
// {file} | {html} | {status, html} | null (404). Every request is recorded
// so tests can assert what the extension fetched, and how often.
export async function startAmazon({ tls, route }) {
  const requests = [];
  const server = https.createServer(tls, async (req, res) => {
    const host = (req.headers.host || '').replace(/:\d+$/, '');
    const u = new URL(req.url, `https://${host}`);
    requests.push({ host, path: u.pathname, search: u.search, url: u.pathname + u.search, at: Date.now() });
    // A fixture that fails to load is a 500 page, never a crash of the runner.
    let page;
    let body;
    try {
      page = (await route(host, u)) || { status: 404, html: '<!doctype html><title>404</title><p>no fixture for this path</p>' };
      body = page.file ? await fsp.readFile(page.file) : Buffer.from(page.html, 'utf8');
    } catch (err) {
      page = { status: 500 };
      body = Buffer.from(`<p>fixture failed: ${String(err.message).replace(/</g, '&lt;')}</p>`, 'utf8');
    }
    res.writeHead(page.status || 200, {
      'content-type': page.type || 'text/html; charset=utf-8',
      'cache-control': 'no-store',
    });
    if (page.delay) await new Promise((r) => setTimeout(r, page.delay));
    res.end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: server.address().port,
    requests,
    // hits counts requests whose path+query starts with prefix (on any host
    // when host is omitted).
    hits(prefix, host) {
      return requests.filter((r) => r.url.startsWith(prefix) && (!host || r.host === host)).length;
    },
    async stop() {
      server.closeAllConnections();
      server.close();
    },
  };
}

// Chromium 156 + playwright-core: --host-resolver-rules accepts a port in the
// replacement ("MAP host 127.0.0.1:PORT") and Chromium then connects to that
// port for https://host/ (default port 443), so the fixture server can sit on
// a free high port and nothing needs root or port 443. --load-extension still
// works in Debian's Chromium (Google Chrome 137+ dropped it).
export function chromiumArgs({ amazonPort, extDir = loadedExtensionDir, lang = 'ja' }) {
  const map = `MAP www.amazon.co.jp 127.0.0.1:${amazonPort}, MAP www.amazon.com 127.0.0.1:${amazonPort}`;
  return [
    '--headless=new',
    `--disable-extensions-except=${extDir}`,
    `--load-extension=${extDir}`,
    `--host-resolver-rules=${map}`,
    '--ignore-certificate-errors',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    `--lang=${lang}`,
  ];
}

export async function launchBrowser({ amazonPort, profileDir, lang = 'ja', extDir = loadedExtensionDir }) {
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: false, // --headless=new below: the old headless mode cannot run extensions
    args: chromiumArgs({ amazonPort, lang, extDir }),
    locale: lang === 'ja' ? 'ja-JP' : 'en-US',
    viewport: { width: 1280, height: 900 },
  });
  // Keep what the extension logs, for failure messages.
  const log = [];
  context.mikiwameLog = log;
  const keep = (where) => (m) => {
    if (log.length < 200) log.push(`[${where} ${m.type()}] ${m.text()}`);
  };
  const watch = (w) => w.on('console', keep('worker'));
  context.on('serviceworker', watch);
  context.on('page', (p) => p.on('console', keep('page')));
  let worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
  if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 15000 });
  else watch(worker);
  const extensionId = new URL(worker.url()).host;
  // Debian's chromium ships only en-US UI strings (chromium-l10n has the
  // rest), and then chrome.i18n.getUILanguage() is "en-US" whatever --lang
  // says; navigator.language still follows --lang / locale.
  const uiLanguage = await worker.evaluate(() => chrome.i18n.getUILanguage());
  return {
    context,
    extensionId,
    uiLanguage,
    extensionURL: (p) => `chrome-extension://${extensionId}/${p.replace(/^\//, '')}`,
    // worker returns the live service worker, waiting for a new one when the
    // old one was stopped.
    async worker() {
      const live = context.serviceWorkers().filter((w) => w.url().startsWith(`chrome-extension://${extensionId}/`));
      if (live.length) return live[live.length - 1];
      return context.waitForEvent('serviceworker', { timeout: 15000 });
    },
    async close() {
      await context.close();
    },
  };
}
