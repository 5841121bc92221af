// One end-to-end environment per test file: Redis, the API, the fake Amazon
// and Chromium with the extension, wired together and torn down together.

import { badgeReader } from './badgeread.js';
import { after, before } from 'node:test';
import path from 'node:path';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import {
  buildServer, ensureWasm, extensionDir, repoRoot, launchBrowser, makeCert, startAPI, startAmazon, startRedis, tempDir, waitFor,
} from './harness.js';
import { route } from './site.js';

// Screenshots are taken on every run (a page that cannot be captured is a
// failure) but land in the ignored test/output/ unless asked for, so a
// test run leaves the committed docs/screenshots/ alone; refresh those with
// MIKIWAME_UPDATE_SCREENSHOTS=1 npm test.
export const screenshotsDir = process.env.MIKIWAME_UPDATE_SCREENSHOTS === '1'
  ? path.join(repoRoot, 'docs', 'screenshots')
  : path.join(extensionDir, 'test', 'output', 'screenshots');

// apiEnv adds to the API server's environment (startAPI extraEnv).
export async function setUp({ lang = 'ja', apiEnv = {} } = {}) {
  const dir = await tempDir();
  const env = { dir };
  // tearDown stops whatever did start, so a failed set-up leaves no
  // process behind to keep the test runner alive.
  env.tearDown = async () => {
    if (env.browser) await env.browser.close().catch(() => {});
    if (env.api) await env.api.stop();
    if (env.redis) await env.redis.stop();
    if (env.amazon) await env.amazon.stop();
    await fsp.rm(dir, { recursive: true, force: true });
  };
  try {
    await fsp.mkdir(screenshotsDir, { recursive: true });
    const started = await Promise.allSettled([makeCert(dir), startRedis(dir), buildServer(dir), ensureWasm()]);
    if (started[1].status === 'fulfilled') env.redis = started[1].value;
    const failed = started.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    const [tls, , bin] = started.map((r) => r.value);
    env.amazon = await startAmazon({ tls, route });
    env.api = await startAPI({ bin, redisURL: env.redis.url, extraEnv: apiEnv });
    env.browser = await launchBrowser({ amazonPort: env.amazon.port, profileDir: path.join(dir, 'profile'), lang });
    await setAPIAddress(env, env.api.url);
  } catch (err) {
    await env.tearDown();
    throw err;
  }
  return env;
}

// environment registers before/after hooks that set up one environment
// for the calling test file and tear it down; the returned object is filled
// in by the time the first test runs.
export function environment(options) {
  const env = {};
  before(async () => {
    Object.assign(env, await setUp(options));
  }, { timeout: 240000 }); // a cold Go build cache makes the first server build slow
  after(async () => {
    if (env.tearDown) await env.tearDown();
  });
  return env;
}

// saveOptions opens the options page, lets change(page) fill in the form
// once the saved settings are shown, and saves, as a shopper would.
export async function saveOptions(env, change) {
  const page = await env.browser.context.newPage();
  await page.goto(env.browser.extensionURL('options/options.html'));
  // options.js fills the form after load, the version line last (the
  // address may be empty: no server).
  await waitFor(async () => (await page.locator('#version').textContent()).trim() !== '', { what: 'the options form' });
  await change(page);
  await page.locator('#save').click();
  await waitFor(async () => (await page.locator('#saved').textContent()).trim() !== '', { what: 'the saved message' });
  await page.close();
}

export function setAPIAddress(env, url) {
  return saveOptions(env, (page) => page.locator('#api').fill(url));
}

// contentWorld returns evaluate(fn, arg) running fn in the content
// script's own (isolated) world of page's top frame, where the badge's
// closed shadow roots are reachable through mikiwameBadge.root. Page
// scripts cannot do this; the tests can, through CDP.
export async function contentWorld(page) {
  if (page.mkwWorld) return page.mkwWorld;
  const cdp = await page.context().newCDPSession(page);
  const { frameTree } = await cdp.send('Page.getFrameTree');
  const top = frameTree.frame.id;
  let id = null;
  cdp.on('Runtime.executionContextCreated', ({ context: c }) => {
    if (c.auxData && c.auxData.frameId === top && c.auxData.type === 'isolated' && String(c.origin).startsWith('chrome-extension://')) id = c.id;
  });
  cdp.on('Runtime.executionContextDestroyed', (e) => {
    if (e.executionContextId === id) id = null;
  });
  await cdp.send('Runtime.enable');
  page.mkwWorld = async (fn, arg) => {
    const contextId = await waitFor(() => id, { timeout: 10000, what: 'the content script world' });
    const r = await cdp.send('Runtime.evaluate', {
      expression: `(${fn})(${JSON.stringify(arg ?? null)})`, contextId, returnByValue: true, awaitPromise: true,
    });
    if (r.exceptionDetails) throw new Error(`in the content script world: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value;
  };
  return page.mkwWorld;
}

// inBadge runs fn(root, host, arg) in the content script's world with the
// badge's closed shadow root (null when there is no badge).
export async function inBadge(page, fn, arg) {
  const world = await contentWorld(page);
  return world(`(arg) => {
    const b = globalThis.mikiwameBadge;
    const host = b && b.find(document);
    return (${fn})(host ? b.root(host) : null, host, arg);
  }`, arg);
}

// clickInBadge clicks the element selector in the badge as a shopper does:
// real mouse input at its place on screen (a trusted event).
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

// reportFrame returns the badge's report frame once it shows its form.
export async function reportFrame(page) {
  const frame = await waitFor(() => page.frames().find((f) => f.url().endsWith('/report/report.html')), { what: 'the report frame' });
  await frame.locator('#form:not([hidden])').waitFor();
  return frame;
}

// readBadge returns what the badge on page shows, once it has a settled level.
export const readBadge = badgeReader(inBadge, (page) => page.context().mikiwameLog);

// openOffers clicks link (a selector of the page) to open the all-offers
// panel and returns, once count offers have their badge, what each offer's
// badge shows: {seller, level, title, code, line} (line: the
// .mkw-offer-reason under the pill, "" when none).
export async function openOffers(page, link, count) {
  await page.locator(link).click();
  await page.waitForFunction((n) => document.querySelectorAll('#all-offers-display .mikiwame-offer-badge[data-level]').length === n,
    count, { timeout: 15000 });
  const world = await contentWorld(page);
  return world(() => [...document.querySelectorAll('.mikiwame-offer-badge')].map((b) => {
    const root = globalThis.mikiwameBadge.root(b);
    const line = root.querySelector('.mkw-offer-reason');
    return {
      seller: b.dataset.sellerId,
      level: b.dataset.level,
      title: root.querySelector('.mkw-title').textContent,
      code: line ? line.dataset.code : '',
      line: line ? line.textContent : '',
    };
  }));
}

// message is a sentence of the extension's own catalogue, for pages whose
// language follows the browser's UI language (non-JP marketplaces).
export function message(lang, key) {
  const file = path.join(extensionDir, '_locales', lang, 'messages.json');
  const cat = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!cat[key]) throw new Error(`${file}: no message ${key}`);
  return cat[key].message;
}

// uiLang is the language the extension picks on a non-JP page with the
// default "auto" setting.
export function uiLang(env) {
  return env.browser.uiLanguage.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

export async function openPage(env, url) {
  const page = await env.browser.context.newPage();
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  return page;
}

// stopWorker stops the extension's service worker the way Chrome does when
// it evicts an idle worker. CDP's ServiceWorker.stopAllWorkers from a page
// session does not reach extension workers, and Target.closeTarget gives no
// way to see it happen; chrome://serviceworker-internals does both.
export async function stopWorker(context, extensionId) {
  const page = await context.newPage();
  await page.goto('chrome://serviceworker-internals/');
  const item = page.locator('.serviceworker-registration', { hasText: `chrome-extension://${extensionId}/` });
  await item.locator('cr-button[data-command=stop]').click();
  await waitFor(async () => (await item.locator('.serviceworker-running-status .value').textContent()).includes('STOPPED'),
    { timeout: 10000, what: 'the service worker to stop' });
  return page;
}

export { waitFor };
