// In-browser benchmarks of the extension (npm run bench; not part of npm
// test). One run, one machine: the wasm checker's cold start in a fresh
// extension page, a warm verdict in the real service worker, page-ready →
// badge on a product page whose seller is cached, and the same warm check
// in native Go (internal/check/bench_test.go) on the very inputs Chromium
// used, so the ratios compare like with like.

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { promisify } from 'node:util';
import { badgeTime, markBadge } from './badgetime.js';
import { openPage, readBadge, setUp, stopWorker } from '../test/e2e/env.js';
import { extensionDir, launchBrowser, repoRoot, sharedFixtures, waitFor } from '../test/e2e/harness.js';
import { JP, jpProductURL, route, sellerPage } from '../test/e2e/site.js';

const run = promisify(execFile);
const N = {
  cold: Number(process.env.BENCH_COLD || 7),
  rounds: 3,
  warmBatches: Number(process.env.BENCH_WARM_BATCHES || 15),
  warmBatch: 20,
  wholePage: 5,
  badge: Number(process.env.BENCH_BADGE || 15),
};
const TARGET = { warm: 2, cold: 150, badge: 100, afterInstall: 50, afterRestart: 150 }; // ms, from the briefs (issues 3 and 10)
N.startup = Number(process.env.BENCH_STARTUP || 5);
const ASIN = 'B0MKWHJK01';
const SELLER = 'A1MKWDORMANT01';
const realPage = { file: path.join(sharedFixtures, 'us', 'product_B01LW7X0JJ_fba_uxcell.html'), url: 'https://www.amazon.com/dp/B01LW7X0JJ' };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (ms) => (ms >= 10 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(1) : ms.toFixed(3));

// fragmentOf builds the fragment the content script would send, with the
// content script's own code, in the page's main world.
async function fragmentOf(page) {
  for (const f of ['content/selectors.js', 'content/fragment.js']) {
    await page.addScriptTag({ content: await fsp.readFile(path.join(extensionDir, f), 'utf8') });
  }
  return page.evaluate(() => globalThis.mikiwameFragment.build(document, globalThis.MIKIWAME_FRAGMENT_SELECTORS).html);
}

// coldStart loads the checker the way lib/checker.js does, in a fresh
// extension page each time (a new JS realm, like a restarted worker).
async function coldStart(env, fragment, url, context) {
  const page = await env.browser.context.newPage();
  await page.goto(env.browser.extensionURL('manifest.json'));
  const t = await page.evaluate(async ({ fragment, url, context }) => {
    const t0 = performance.now();
    await import(chrome.runtime.getURL('wasm/wasm_exec.js'));
    const t1 = performance.now();
    const go = new globalThis.Go();
    const { instance } = await WebAssembly.instantiateStreaming(fetch(chrome.runtime.getURL('wasm/mikiwame.wasm')), go.importObject);
    const t2 = performance.now();
    go.run(instance);
    const api = globalThis.mikiwame;
    const t3 = performance.now();
    const ex = api.extract('product', fragment, url);
    const sc = api.score(ex.listing, context);
    const words = api.explain(sc.verdict, 'ja');
    const t4 = performance.now();
    if (!ex.ok || !sc.ok || !words.ok) throw new Error('first verdict failed');
    return { glue: t1 - t0, compile: t2 - t1, run: t3 - t2, first: t4 - t3, total: t4 - t0, level: sc.verdict.level };
  }, { fragment, url, context });
  await page.close();
  return t;
}

// warm runs batches of checks in the real service worker, calling the
// checker it already loaded; performance.now() is coarse in workers, so
// each sample is the mean of one batch.
async function warm(env, args) {
  const worker = await env.browser.worker();
  return worker.evaluate(async ({ fragment, url, context, batches, batch, page, pageURL, wholePage }) => {
    const api = globalThis.mikiwame;
    if (!api) throw new Error('the worker has not loaded the checker');
    const one = () => {
      const ex = api.extract('product', fragment, url);
      const sc = api.score(ex.listing, context);
      api.explain(sc.verdict, 'ja');
    };
    // Let V8 tier the hot functions up (Liftoff → TurboFan) before timing.
    for (let i = 0; i < 300; i++) one();
    const checks = [];
    const extracts = [];
    for (let b = 0; b < batches; b++) {
      let t = performance.now();
      for (let i = 0; i < batch; i++) one();
      checks.push((performance.now() - t) / batch);
      t = performance.now();
      for (let i = 0; i < batch; i++) api.extract('product', fragment, url);
      extracts.push((performance.now() - t) / batch);
    }
    const whole = [];
    for (let i = 0; i < wholePage; i++) {
      const t = performance.now();
      const ex = api.extract('product', page, pageURL);
      whole.push(performance.now() - t);
      if (!ex.ok) throw new Error('whole page: ' + ex.error);
    }
    return { checks, extracts, whole };
  }, args);
}

// badgeTimes visits the product page n times (its seller already cached)
// and measures DOMContentLoaded → badge with its final verdict, from the
// page's side. beforeEach runs before each visit (e.g. stop the worker).
async function badgeTimes(env, n, beforeEach = async () => {}) {
  const times = [];
  for (let i = 0; i < n; i++) {
    await beforeEach();
    times.push(await firstBadge(env.browser, jpProductURL(ASIN)));
  }
  return times;
}

// firstBadge opens url in browser b and returns DOMContentLoaded → final
// badge, from the page's side.
async function firstBadge(b, url) {
  const page = await b.context.newPage();
  await page.addInitScript(markBadge);
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await readBadge(page);
  const t = await page.evaluate(badgeTime);
  await page.close();
  return t;
}

async function workerStatus(b) {
  const page = await b.context.newPage();
  await page.goto(b.extensionURL('options/options.html'));
  const s = await page.evaluate(() => chrome.runtime.sendMessage({ type: 'status' }));
  await page.close();
  return s;
}

// startup measures the first check after install (the warm-up done), after
// a browser restart on the same profile (code cache in place; the page is
// opened at once, while the warm-up may still run), and a warm one, for
// the extension as built and for a same-run baseline copy with the
// warm-up switched off (its "after install" is the fresh-profile figure).
async function startup(env) {
  const url = jpProductURL('B0MKWAMZN1');
  const base = path.join(env.dir, 'no-warmup');
  await fsp.cp(extensionDir, base, { recursive: true, filter: (src) => !/node_modules|[/\\]test([/\\]|$)|[/\\]bench([/\\]|$)/.test(src) });
  const bg = path.join(base, 'background.js');
  await fsp.writeFile(bg, (await fsp.readFile(bg, 'utf8')).replace(/const warm = \(reason\) => [^\n]*/, 'const warm = () => {};'));
  const series = () => ({ install: [], restart: [], warm: [], pageInstall: [], pageRestart: [], pageWarm: [], work: [] });
  const out = { warmed: series(), baseline: series() };
  for (let i = 0; i < N.startup; i++) {
    for (const [name, extDir] of [['warmed', extensionDir], ['baseline', base]]) {
      const profileDir = path.join(env.dir, `startup-${name}-${i}`);
      let b = await launchBrowser({ amazonPort: env.amazon.port, profileDir, extDir });
      const options = await b.context.newPage();
      await options.goto(b.extensionURL('options/options.html'));
      await waitFor(async () => (await options.locator('#api').inputValue()) !== '', { what: 'the options form' });
      await options.locator('#api').fill(env.api.url);
      await options.locator('#save').click();
      await waitFor(async () => (await options.locator('#saved').textContent()).trim() !== '', { what: 'saved' });
      await options.close();
      if (name === 'warmed') {
        const w = await waitFor(async () => (await workerStatus(b)).warm, { timeout: 20000, what: 'the warm-up' });
        out.warmed.work.push(w.ms + w.loadMs);
      } else {
        await new Promise((r) => setTimeout(r, 1500)); // the same idle time the warm-up takes
      }
      // The worker's own figure (message → answer) is the check; the
      // page's adds messaging and rendering.
      out[name].pageInstall.push(await firstBadge(b, url));
      out[name].pageWarm.push(await firstBadge(b, url));
      const times = (await workerStatus(b)).checkTimes;
      out[name].install.push(times[0]);
      out[name].warm.push(times[1]);
      await b.close();
      b = await launchBrowser({ amazonPort: env.amazon.port, profileDir, extDir });
      out[name].pageRestart.push(await firstBadge(b, url));
      out[name].restart.push((await workerStatus(b)).checkTimes[0]);
      await b.close();
    }
  }
  return out;
}

// nativeGo runs internal/check's benchmarks on the inputs in dir and
// returns ns/op per benchmark.
async function nativeGo(dir) {
  const { stdout } = await run('go', ['test', '-run', '^$', '-bench', '.', '-benchtime', '0.5s', './internal/check'], {
    cwd: repoRoot, env: { ...process.env, MIKIWAME_BENCH_DIR: dir }, maxBuffer: 16 << 20,
  });
  const out = {};
  for (const m of stdout.matchAll(/^Benchmark(\w+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns\/op/gm)) out[m[1]] = Number(m[2]) / 1e6;
  for (const k of ['WarmCheck', 'ExtractFragment', 'ExtractWholePage']) {
    if (!(k in out)) throw new Error(`go bench: no ${k} in:\n${stdout}`);
  }
  return out;
}

async function main() {
  const started = Date.now();
  const env = await setUp();
  try {
    // Cold starts first, so the first one really is the first time this
    // profile compiles the checker; the worker loads it only on a check.
    const url = jpProductURL(ASIN);
    const plain = await env.browser.context.newPage();
    await plain.goto(`https://${JP}/plain/${ASIN}`);
    const fragment = await fragmentOf(plain);
    await plain.close();
    const coldContext = { now: new Date().toISOString() };
    const cold = [];
    for (let i = 0; i < N.cold; i++) cold.push(await coldStart(env, fragment, url, coldContext));

    // First visit: the seller's pages are fetched and cached.
    const first = await openPage(env, url);
    const firstBadge = await readBadge(first);
    if (firstBadge.level !== 'danger') throw new Error(`first visit: level ${firstBadge.level}; want danger`);
    await first.close();

    const worker = await env.browser.worker();
    const profileURL = `https://${JP}/sp?seller=${SELLER}`;
    const seller = await worker.evaluate(({ html, u }) => globalThis.mikiwame.extract('seller', html, u).seller,
      { html: sellerPage(SELLER), u: profileURL });
    const storefront = await route(JP, new URL(`https://${JP}/s?me=${SELLER}`));
    const sf = await worker.evaluate(({ html, u }) => globalThis.mikiwame.extract('storefront', html, u).storefront,
      { html: storefront.html, u: `https://${JP}/s?me=${SELLER}` });
    const merged = await worker.evaluate(({ p, s, id }) => globalThis.mikiwame.seller(p, s, id), { p: seller, s: sf, id: SELLER });
    if (!merged.ok) throw new Error('seller merge: ' + merged.error);
    const context = { now: coldContext.now, seller: merged.seller };
    const page = await fsp.readFile(realPage.file, 'utf8');

    const dir = path.join(env.dir, 'bench');
    await fsp.mkdir(dir);
    await Promise.all([
      fsp.writeFile(path.join(dir, 'url.txt'), url),
      fsp.writeFile(path.join(dir, 'fragment.html'), fragment),
      fsp.writeFile(path.join(dir, 'context.json'), JSON.stringify(context)),
      fsp.writeFile(path.join(dir, 'page_url.txt'), realPage.url),
      fsp.writeFile(path.join(dir, 'page.html'), page),
    ]);
    // wasm and native Go take turns, so a load change on the machine hits
    // both sides of a ratio; each ratio is the median of the rounds'.
    const rounds = [];
    for (let r = 0; r < N.rounds; r++) {
      const wr = await warm(env, {
        fragment, url, context, batches: N.warmBatches, batch: N.warmBatch, page, pageURL: realPage.url, wholePage: N.wholePage,
      });
      rounds.push({ wasm: { checks: median(wr.checks), extracts: median(wr.extracts), whole: median(wr.whole) }, native: await nativeGo(dir) });
    }
    const w = { checks: rounds.map((r) => r.wasm.checks), extracts: rounds.map((r) => r.wasm.extracts), whole: rounds.map((r) => r.wasm.whole) };
    const native = Object.fromEntries(['WarmCheck', 'ExtractFragment', 'ExtractWholePage'].map((k) => [k, median(rounds.map((r) => r.native[k]))]));
    const ratio = (side, k) => median(rounds.map((r) => r.wasm[side] / r.native[k]));

    const st = await startup(env);
    if (process.env.BENCH_ONLY === 'startup') {
      for (const [k, v] of Object.entries(st)) console.log(k, JSON.stringify(Object.fromEntries(Object.entries(v).map(([a, xs]) => [a, xs.map((x) => Math.round(x))]))));
      return;
    }
    const badge = await badgeTimes(env, N.badge);
    // Last: once stopped, the worker cannot be reached from here again.
    const badgeCold = await badgeTimes(env, N.cold, async () => {
      const internals = await stopWorker(env.browser.context, env.browser.extensionId);
      await internals.close();
    });

    const wasmFile = fs.readFileSync(path.join(extensionDir, 'wasm', 'mikiwame.wasm'));
    const coldRest = cold.slice(1);
    const rows = [
      ['wasm cold start, first in this profile (ms)', cold[0].total, TARGET.cold],
      ['  of which: load wasm_exec.js', cold[0].glue, null],
      ['  of which: fetch + compile + instantiate', cold[0].compile, null],
      ['  of which: Go runtime start (go.run)', cold[0].run, null],
      ['  of which: first verdict (extract+score+explain)', cold[0].first, null],
      [`wasm cold start, median of next ${coldRest.length} (ms)`, median(coldRest.map((c) => c.total)), TARGET.cold],
      ['  of which: fetch + compile + instantiate', median(coldRest.map((c) => c.compile)), null],
      ['  of which: Go runtime start (go.run)', median(coldRest.map((c) => c.run)), null],
      ['  of which: first verdict (extract+score+explain)', median(coldRest.map((c) => c.first)), null],
      [`warm check in the worker, median of ${N.rounds}×${N.warmBatches}×${N.warmBatch} (ms)`, median(w.checks), TARGET.warm],
      ['warm check, native Go, same inputs (ms)', native.WarmCheck, null],
      ['extract fragment, wasm (ms)', median(w.extracts), null],
      ['extract fragment, native Go (ms)', native.ExtractFragment, null],
      [`extract whole real page ${(page.length / 1e6).toFixed(1)} MB, wasm (ms)`, median(w.whole), null],
      ['extract whole real page, native Go (ms)', native.ExtractWholePage, null],
      [`page ready → badge, seller cached, median of ${N.badge} (ms)`, median(badge), TARGET.badge],
      ['page ready → badge, worst (ms)', Math.max(...badge), null],
      [`page ready → badge, worker stopped before, median of ${N.cold} (ms)`, median(badgeCold), null],
      [`first check after install (worker: message → answer), warmed up, median of ${N.startup} (ms)`, median(st.warmed.install), TARGET.afterInstall],
      ['  baseline: first check in a fresh profile, no warm-up (ms)', median(st.baseline.install), null],
      [`first check after a browser restart, warmed up, median of ${N.startup} (ms)`, median(st.warmed.restart), TARGET.afterRestart],
      ['  baseline: after a restart, no warm-up (ms)', median(st.baseline.restart), null],
      ['warm check, same page, warmed up (ms)', median(st.warmed.warm), null],
      ['  baseline: warm check, no warm-up (ms)', median(st.baseline.warm), null],
      ['  page ready → badge: after install, warmed (ms)', median(st.warmed.pageInstall), null],
      ['  page ready → badge: baseline (ms)', median(st.baseline.pageInstall), null],
      ['  page ready → badge: after restart, warmed (ms)', median(st.warmed.pageRestart), null],
      ['  page ready → badge: after restart, baseline (ms)', median(st.baseline.pageRestart), null],
      ['warm-up work at install: load + sample checks (ms)', median(st.warmed.work), null],
    ];
    const width = Math.max(...rows.map((r) => r[0].length));
    console.log(`\nMikiwame extension benchmark — Chromium ${env.browser.context.browser()?.version() ?? ''} ${new Date().toISOString()}`);
    // Other work on the machine slows wasm and native Go alike: trust the
    // ratios, and the absolute numbers only from a quiet machine.
    console.log(`${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} at the start of the report`);
    console.log(`fragment ${fragment.length} chars; wasm ${(wasmFile.length / 1e6).toFixed(1)} MB (${(zlib.gzipSync(wasmFile).length / 1e6).toFixed(1)} MB gzip)\n`);
    console.log(`${'metric'.padEnd(width)}  ${'value'.padStart(8)}  ${'target'.padStart(7)}  ratio`);
    for (const [name, v, target] of rows) {
      const ratio = target ? `${(v / target).toFixed(2)}× target ${v <= target ? 'ok' : 'MISSED'}` : '';
      console.log(`${name.padEnd(width)}  ${fmt(v).padStart(8)}  ${(target ? String(target) : '').padStart(7)}  ${ratio}`);
    }
    console.log('\nratios measured in this run:');
    console.log(`  warm check   wasm / native Go = ${ratio('checks', 'WarmCheck').toFixed(1)}× (rounds: ${rounds.map((r) => (r.wasm.checks / r.native.WarmCheck).toFixed(1)).join(', ')})`);
    console.log(`  fragment     wasm / native Go = ${ratio('extracts', 'ExtractFragment').toFixed(1)}×`);
    console.log(`  whole page   wasm / native Go = ${ratio('whole', 'ExtractWholePage').toFixed(1)}×`);
    console.log(`  whole page / fragment (wasm)  = ${(median(w.whole) / median(w.extracts)).toFixed(0)}×`);
    console.log(`  cold start / warm check (wasm) = ${(median(coldRest.map((c) => c.total)) / median(w.checks)).toFixed(0)}×`);
    console.log(`  badge after a worker restart / badge with the worker up = ${(median(badgeCold) / median(badge)).toFixed(1)}×`);
    console.log(`  first check after install: warmed / fresh profile = ${(median(st.warmed.install) / median(st.baseline.install)).toFixed(2)}× (${st.warmed.install.map(fmt).join(', ')} vs ${st.baseline.install.map(fmt).join(', ')})`);
    console.log(`  first check after restart: warmed / no warm-up = ${(median(st.warmed.restart) / median(st.baseline.restart)).toFixed(2)}× (${st.warmed.restart.map(fmt).join(', ')} vs ${st.baseline.restart.map(fmt).join(', ')})`);
    console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s)`);
  } finally {
    await env.tearDown();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
