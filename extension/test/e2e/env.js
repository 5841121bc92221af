// One end-to-end environment per test file: Redis, the API, the fake Amazon
// and Chromium with the extension, wired together and torn down together.

import path from 'node:path';
import fsp from 'node:fs/promises';
import {
  buildServer, ensureWasm, launchBrowser, makeCert, startAPI, startAmazon, startRedis, tempDir, waitFor,
} from './harness.js';
import { route } from './site.js';

export async function setUp({ lang = 'ja' } = {}) {
  const dir = await tempDir();
  const [tls, redis, bin] = await Promise.all([makeCert(dir), startRedis(dir), buildServer(dir), ensureWasm()]);
  const amazon = await startAmazon({ tls, route });
  const api = await startAPI({ bin, redisURL: redis.url });
  const browser = await launchBrowser({ amazonPort: amazon.port, profileDir: path.join(dir, 'profile'), lang });
  const env = {
    dir, amazon, redis, api, browser,
    async tearDown() {
      await browser.close().catch(() => {});
      await api.stop();
      await redis.stop();
      await amazon.stop();
      await fsp.rm(dir, { recursive: true, force: true });
    },
  };
  await setOption(env, 'apiBase', api.url);
  return env;
}

// setOption writes one setting the way the options page stores it.
export async function setOption(env, key, value) {
  const worker = await env.browser.worker();
  await worker.evaluate(async ([k, v]) => {
    await chrome.storage.sync.set({ [k]: v });
  }, [key, value]);
}

// readBadge returns what the badge on page shows, once it has a settled
// level, reading through the open shadow root.
export async function readBadge(page, { timeout = 15000 } = {}) {
  await page.waitForFunction(() => {
    const host = document.getElementById('mikiwame-badge');
    return host && host.shadowRoot && /^(ok|caution|danger|unknown)$/.test(host.dataset.level || '')
      && host.shadowRoot.querySelector('.mkw-title');
  }, null, { timeout });
  return page.evaluate(() => {
    const host = document.getElementById('mikiwame-badge');
    const root = host.shadowRoot;
    const text = (el) => (el ? el.textContent.trim() : '');
    return {
      level: host.dataset.level,
      title: text(root.querySelector('.mkw-title')),
      reasons: [...root.querySelectorAll('.mkw-reason')].map((r) => ({ code: r.dataset.code, text: text(r) })),
      text: text(root),
    };
  });
}

export async function openPage(env, url) {
  const page = await env.browser.context.newPage();
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  return page;
}

export { waitFor };
