// Firefox beside Chromium: the same servers as test/e2e (harness.js: real
// Redis, the real API, the fixture Amazon over HTTPS) and Debian's
// firefox-esr driven by puppeteer-core over WebDriver BiDi, with the
// Firefox build of the extension (cmd/packext -browser firefox) installed as
// a temporary add-on. No geckodriver, no browser download.
//
// node --test treats every .js under test/ as a test file, so this one is
// "run" too; importing it has no side effects besides constants.

import { badgeReader } from '../e2e/badgeread.js';
import { after, before } from 'node:test';
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  buildServer, ensureWasm, loadedExtensionDir, makeCert, repoRoot, startAPI, startAmazon, startRedis, tempDir, waitFor,
} from '../e2e/harness.js';
import { JP, US, route } from '../e2e/site.js';
import { screenshotsDir } from '../e2e/env.js';

const run = promisify(execFile);

export const firefoxPath = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';

// The moz-extension:// host is a random UUID per install; Firefox takes it
// from this pref when the add-on's id is in it, so the tests know it.
const extensionUUID = '6d1f0c5e-2a3b-4c4d-8e5f-6a7b8c9d0e1f';

// packFirefox writes the Firefox build of the extension (the manifest made
// by packext's rule) into dir and returns the add-on's id.
export async function packFirefox(dir, src = loadedExtensionDir) {
  await run('go', ['run', './cmd/packext', '-browser', 'firefox', '-dir', dir, src], { cwd: repoRoot, maxBuffer: 16 << 20 });
  const manifest = JSON.parse(await fsp.readFile(path.join(dir, 'manifest.json'), 'utf8'));
  return manifest.browser_specific_settings.gecko.id;
}

// startTunnel is an HTTPS proxy that sends www.amazon.co.jp:443 and
// www.amazon.com:443 to the fixture server and refuses every other host:
// what Chromium's --host-resolver-rules "MAP host 127.0.0.1:PORT" does.
// (Firefox's network.dns.forceResolve maps the address but not the port.)
// The API on 127.0.0.1 never goes through it: Firefox does not proxy
// loopback addresses.
export async function startTunnel(amazonPort) {
  const refused = [];
  const server = http.createServer((req, res) => {
    refused.push(req.url);
    res.writeHead(403).end();
  });
  server.on('connect', (req, sock, head) => {
    const [host, port] = req.url.split(':');
    if (port !== '443' || (host !== JP && host !== US)) {
      refused.push(req.url);
      sock.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const up = net.connect(amazonPort, '127.0.0.1', () => {
      sock.write('HTTP/1.1 200 Connection established\r\n\r\n');
      up.write(head);
      up.pipe(sock);
      sock.pipe(up);
    });
    up.on('error', () => sock.destroy());
    sock.on('error', () => up.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: server.address().port,
    refused,
    async stop() {
      server.closeAllConnections();
      server.close();
    },
  };
}

export async function launchFirefox({ proxyPort, profileDir, extDir, addonId, lang = 'ja' }) {
  if (!fs.existsSync(firefoxPath)) {
    throw new Error(`Firefox is missing at ${firefoxPath}: apt-get install firefox-esr (or set FIREFOX_PATH)`);
  }
  const { default: puppeteer } = await import('puppeteer-core');
  await fsp.mkdir(profileDir, { recursive: true });
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: firefoxPath,
    headless: true,
    acceptInsecureCerts: true, // the fixture server's throw-away certificate
    defaultViewport: null, // ESR 140 refuses newPage with a viewport
    userDataDir: profileDir,
    // Lets the driver open moz-extension:// pages (the popup, the options);
    // without it BiDi navigates only to http(s), file and blob.
    args: ['--remote-allow-system-access', '--width=1280', '--height=900'],
    extraPrefsFirefox: {
      'network.proxy.type': 1,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': proxyPort,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': proxyPort,
      'network.proxy.no_proxies_on': '',
      'extensions.webextensions.uuids': JSON.stringify({ [addonId]: extensionUUID }),
      'intl.accept_languages': lang === 'ja' ? 'ja, en' : 'en-US, en',
      'intl.locale.requested': lang === 'ja' ? 'ja' : 'en-US',
    },
  });
  const t0 = performance.now();
  await browser.installExtension(extDir);
  const installMs = performance.now() - t0;
  const log = [];
  browser.mikiwameLog = log;
  const origin = `moz-extension://${extensionUUID}`;
  const ff = {
    browser,
    installMs,
    extensionURL: (p) => `${origin}/${p.replace(/^\//, '')}`,
    async newPage() {
      const page = await browser.newPage();
      page.on('console', (m) => {
        if (log.length < 200) log.push(`[page ${m.type()}] ${m.text()}`);
      });
      return page;
    },
    // openExtensionPage opens one of the extension's pages in a new tab.
    // puppeteer's goto waits for a load event BiDi does not send for
    // moz-extension:// documents, so navigate without waiting and poll.
    async openExtensionPage(p) {
      const page = await ff.newPage();
      await ff.navigateExtension(page, p);
      return page;
    },
    async navigateExtension(page, p) {
      const url = ff.extensionURL(p);
      await browser.connection.send('browsingContext.navigate', { context: contextOf(page), url, wait: 'none' });
      await waitFor(() => page.evaluate((u) => location.href === u && document.readyState === 'complete', url).catch(() => false),
        { what: `${url} to load` });
    },
    // sendMessage sends msg to the worker from an extension page, as the
    // options page does.
    async sendMessage(msg) {
      const page = await ff.openExtensionPage('options/options.html');
      try {
        return await page.evaluate((m) => browser.runtime.sendMessage(m), msg);
      } finally {
        await page.close();
      }
    },
    async close() {
      await browser.close();
    },
  };
  return ff;
}

// contextOf is the BiDi browsing context of page's top frame.
export function contextOf(page) {
  return page.mainFrame()._id;
}

// shadowCall runs fn(roots, hosts, arg) in a sandbox of page (a world of
// the test's own: page scripts cannot reach it), with every element matching
// hostSelector that has a shadow root, and that root, closed or open.
// WebDriver BiDi hands the test closed shadow roots (includeShadowTree
// "all"), as CDP's content-script world does for Chromium. fn's result
// comes back through JSON.
export async function shadowCall(page, hostSelector, fn, arg) {
  const conn = page.browser().connection;
  const target = { context: contextOf(page), sandbox: 'mikiwame-test' };
  const found = await conn.send('script.callFunction', {
    functionDeclaration: `(sel) => [...document.querySelectorAll(sel)]`,
    arguments: [{ type: 'string', value: hostSelector }],
    target,
    awaitPromise: false,
    serializationOptions: { includeShadowTree: 'all', maxDomDepth: 0 },
  });
  if (found.result.type !== 'success') throw new Error(`finding ${hostSelector}: ${JSON.stringify(found.result.exceptionDetails?.text)}`);
  const hosts = found.result.result.value.filter((n) => n.value && n.value.shadowRoot);
  const ref = (n) => ({ sharedId: n.sharedId });
  const r = await conn.send('script.callFunction', {
    functionDeclaration: `async (n, ...nodes) => JSON.stringify(await (${fn})(nodes.slice(n), nodes.slice(0, n), ${JSON.stringify(arg ?? null)}) ?? null)`,
    arguments: [{ type: 'number', value: hosts.length }, ...hosts.map(ref), ...hosts.map((h) => ref(h.value.shadowRoot))],
    target,
    awaitPromise: true,
  });
  if (r.result.type !== 'success') throw new Error(`in ${hostSelector}'s shadow root: ${r.result.exceptionDetails?.text}`);
  return JSON.parse(r.result.result.value);
}

// inBadge runs fn(root, host, arg) with the badge's closed shadow root
// (null when there is no badge): the host the content script made, the one
// holding a shadow root (a page element that only borrows the id has none).
export function inBadge(page, fn, arg) {
  return shadowCall(page, '#mikiwame-badge', `(roots, hosts, arg) => (${fn})(roots[0] || null, hosts[0] || null, arg)`, arg);
}

// clickInBadge clicks selector in the badge with real mouse input at its
// place (a trusted event; the badge ignores synthetic ones).
export async function clickInBadge(page, selector) {
  const box = await waitFor(() => inBadge(page, (root, host, sel) => {
    const e = root && root.querySelector(sel);
    if (!e || e.disabled) return null;
    e.scrollIntoView({ block: 'center' });
    const r = e.getBoundingClientRect();
    return r.width && r.height ? { x: r.x + r.width / 2, y: r.y + r.height / 2 } : null;
  }, selector), { what: `${selector} in the badge` });
  await page.mouse.click(box.x, box.y);
}

// readBadge returns what the badge on page shows, once it has a settled level.
export const readBadge = badgeReader(inBadge, (page) => page.browser().mikiwameLog);

// reportFrame returns the badge's report frame (a moz-extension:// frame
// of the Amazon page) once it shows its form. puppeteer keeps the frame's
// first URL (about:blank): BiDi does not tell it of navigations into
// moz-extension://, so the frame is found by its context in the tree.
export async function reportFrame(page) {
  const frame = await waitFor(async () => {
    const { result } = await page.browser().connection.send('browsingContext.getTree', { root: contextOf(page) });
    const child = result.contexts[0].children.find((c) => c.url.endsWith('/report/report.html'));
    return child && page.frames().find((f) => f._id === child.context);
  }, { what: 'the report frame' });
  await waitFor(() => frame.evaluate(() => {
    const f = document.getElementById('form');
    return Boolean(f && !f.hidden);
  }).catch(() => false), { what: 'the report form' });
  return frame;
}

export async function openPage(env, url) {
  const page = await env.browser.newPage();
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  return page;
}

// saveOptions fills the options form through change(page) and saves with a
// real click, as a shopper would.
export async function saveOptions(env, change) {
  const page = await env.browser.openExtensionPage('options/options.html');
  await waitFor(() => page.evaluate(() => document.getElementById('api').value !== ''), { what: 'the options form' });
  await change(page);
  await page.click('#save');
  await waitFor(() => page.evaluate(() => document.getElementById('saved').textContent.trim() !== ''), { what: 'the saved message' });
  await page.close();
}

// fill types value into the field selector, replacing what it held.
export async function fill(page, selector, value) {
  await page.evaluate((s) => { document.querySelector(s).value = ''; }, selector);
  await page.type(selector, value);
}

export async function setUp({ lang = 'ja' } = {}) {
  const dir = await tempDir('mikiwame-e2e-ff-');
  const env = { dir };
  env.tearDown = async () => {
    if (env.browser) await env.browser.close().catch(() => {});
    if (env.tunnel) await env.tunnel.stop();
    if (env.api) await env.api.stop();
    if (env.redis) await env.redis.stop();
    if (env.amazon) await env.amazon.stop();
    await fsp.rm(dir, { recursive: true, force: true });
  };
  try {
    await fsp.mkdir(screenshotsDir, { recursive: true });
    await ensureWasm();
    const extDir = path.join(dir, 'extension');
    const started = await Promise.allSettled([makeCert(dir), startRedis(dir), buildServer(dir), packFirefox(extDir)]);
    if (started[1].status === 'fulfilled') env.redis = started[1].value;
    const failed = started.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    const [tls, , bin, addonId] = started.map((r) => r.value);
    env.amazon = await startAmazon({ tls, route });
    env.tunnel = await startTunnel(env.amazon.port);
    env.api = await startAPI({ bin, redisURL: env.redis.url });
    env.browser = await launchFirefox({ proxyPort: env.tunnel.port, profileDir: path.join(dir, 'profile'), extDir, addonId, lang });
    await saveOptions(env, (page) => fill(page, '#api', env.api.url));
  } catch (err) {
    await env.tearDown();
    throw err;
  }
  return env;
}

// environment sets up one Firefox environment for the calling test file.
export function environment(options) {
  const env = {};
  before(async () => {
    Object.assign(env, await setUp(options));
  }, { timeout: 240000 });
  after(async () => {
    if (env.tearDown) await env.tearDown();
  });
  return env;
}

export { waitFor };
