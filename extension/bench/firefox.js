// Firefox beside Chromium: the same three figures, measured the same way in
// the same run, for the extension as shipped to each (make bench runs this
// after bench/run.js):
//   - first check: a fresh profile, the add-on just installed (its warm-up
//     done), the first product page: the worker's message → answer time;
//   - warm check: the same page again and again, the worker up: message →
//     answer, median;
//   - page ready → badge: DOMContentLoaded → the badge's final verdict,
//     from the page's side, seller cached, median.
// The Chromium side is test/e2e/env.js, the Firefox side
// test/e2e-firefox/firefox.js: the same servers, the same fixture pages.

import os from 'node:os';
import * as chromium from '../test/e2e/env.js';
import * as firefox from '../test/e2e-firefox/firefox.js';
import { badgeTime, markBadge } from './badgetime.js';
import { waitFor } from '../test/e2e/harness.js';
import { jpProductURL } from '../test/e2e/site.js';

const N = { fresh: Number(process.env.BENCH_FRESH || 3), visits: Number(process.env.BENCH_VISITS || 15) };
const URL_FIRST = jpProductURL('B0MKWAMZN1'); // sold by Amazon: no seller fetch in the first check
const URL_BADGE = jpProductURL('B0MKWHJK01');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (ms) => (ms >= 10 ? ms.toFixed(0) : ms.toFixed(1));

// What differs between the two drivers, behind one shape.
const drivers = {
  Chromium: {
    setUp: () => chromium.setUp(),
    newPage: (env) => env.browser.context.newPage(),
    initScript: (page, fn) => page.addInitScript(fn),
    readBadge: chromium.readBadge,
    async status(env) {
      const page = await env.browser.context.newPage();
      await page.goto(env.browser.extensionURL('options/options.html'));
      const s = await page.evaluate(() => chrome.runtime.sendMessage({ type: 'status' }));
      await page.close();
      return s;
    },
    version: (env) => env.browser.context.browser()?.version() ?? '',
  },
  Firefox: {
    setUp: () => firefox.setUp(),
    newPage: (env) => env.browser.newPage(),
    initScript: (page, fn) => page.evaluateOnNewDocument(fn),
    readBadge: firefox.readBadge,
    status: (env) => env.browser.sendMessage({ type: 'status' }),
    version: (env) => env.browser.browser.version(),
  },
};

// visit opens url and returns DOMContentLoaded → final badge, page side.
async function visit(d, env, url) {
  const page = await d.newPage(env);
  await d.initScript(page, markBadge);
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await d.readBadge(page);
  const t = await waitFor(() => page.evaluate(badgeTime),
    { what: 'the badge time' });
  await page.close();
  return t;
}

async function measure(name) {
  const d = drivers[name];
  const first = [];
  const out = { version: '' };
  for (let i = 0; i < N.fresh; i++) {
    const env = await d.setUp();
    try {
      out.version = await d.version(env);
      await waitFor(async () => (await d.status(env)).warm?.reasons?.includes('install'), { timeout: 20000, what: 'the warm-up at install' });
      await visit(d, env, URL_FIRST);
      first.push((await d.status(env)).checkTimes[0]);
      if (i < N.fresh - 1) continue;
      await visit(d, env, URL_BADGE); // fetches and caches the seller
      const badge = [];
      for (let v = 0; v < N.visits; v++) badge.push(await visit(d, env, URL_BADGE));
      const times = (await d.status(env)).checkTimes;
      out.warm = median(times.slice(-N.visits));
      out.badge = median(badge);
      out.badgeWorst = Math.max(...badge);
    } finally {
      await env.tearDown();
    }
  }
  out.first = median(first);
  out.firstAll = first;
  return out;
}

async function main() {
  const started = Date.now();
  const r = {};
  for (const name of Object.keys(drivers)) r[name] = await measure(name);
  console.log(`\nMikiwame in Firefox beside Chromium — ${new Date().toISOString()}`);
  console.log(`Chromium ${r.Chromium.version}, Firefox ${r.Firefox.version}; ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  const rows = [
    [`first check after install, fresh profile, median of ${N.fresh} (ms)`, 'first'],
    [`warm check (message → answer), median of ${N.visits} (ms)`, 'warm'],
    [`page ready → badge, seller cached, median of ${N.visits} (ms)`, 'badge'],
    ['page ready → badge, worst (ms)', 'badgeWorst'],
  ];
  const width = Math.max(...rows.map((x) => x[0].length));
  console.log(`${'metric'.padEnd(width)}  ${'Chromium'.padStart(8)}  ${'Firefox'.padStart(8)}  Firefox / Chromium`);
  for (const [label, k] of rows) {
    console.log(`${label.padEnd(width)}  ${fmt(r.Chromium[k]).padStart(8)}  ${fmt(r.Firefox[k]).padStart(8)}  ${(r.Firefox[k] / r.Chromium[k]).toFixed(2)}×`);
  }
  console.log(`\nfirst checks: Chromium ${r.Chromium.firstAll.map(fmt).join(', ')}; Firefox ${r.Firefox.firstAll.map(fmt).join(', ')}`);
  console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
