// Warming the checker up, so the shopper's first check is fast.
//
// V8 compiles the 7 MB wasm module lazily and writes its code cache for a
// chrome-extension:// module only once hot functions have tiered up (about
// half a second of work, measured in Chromium 156). After that, a new
// worker (a browser restart, an eviction) compiles from the cache. So at
// install or update, at browser start and at a worker start with nothing
// warmed in this browser session, the worker loads the module and checks a
// bundled made-up page until about WARM_MS of work is done.
//
// It must not hold up anything the shopper waits for: it runs in short
// slices with a macrotask between them, so a message waiting to be handled
// goes first, and it stops as soon as a real check starts (the real work
// warms just as well). docs/BENCHMARKS.md has the figures.

import { WARM } from "./keys.js";

export const WARM_MS = 600; // work until V8 has tiered up and written the code cache
export const WARM_MAX_RUNS = 400;

const yieldToEvents = () => new Promise((resolve) => setTimeout(resolve, 0));

let warming = null;
const reasons = new Set(); // why it was asked for: install, update, startup, worker start
let realChecks = 0; // real checks started in this worker life

// checkStarted tells the warm-up a shopper's check began: it stops.
export function checkStarted() {
  realChecks++;
}

// warmUp resolves to what it did: {reasons, runs, ms, loadMs, stopped}
// and keeps that in session storage (WARM) for the extension's own pages.
// w: {loadChecker, session, getURL, fetch, now}. It works once per worker
// life; a later reason (onInstalled fires after the worker started) is
// added to the record.
export function warmUp(w, reason) {
  const known = reasons.has(reason);
  reasons.add(reason);
  if (!warming) {
    warming = run(w).catch((e) => ({ error: String((e && e.message) || e) }));
  } else if (!known) {
    warming = warming.then(async (done) => {
      const again = { ...done, reasons: [...reasons] };
      await w.session.set({ [WARM]: again }).catch(() => {});
      return again;
    });
  }
  return warming;
}

async function run(w) {
  const t0 = w.now();
  const [checker, product, seller] = await Promise.all([w.loadChecker(), text(w, "warmup/product.html"), text(w, "warmup/seller.html")]);
  const loadMs = w.now() - t0;
  const url = "https://www.amazon.co.jp/dp/B0MKWHJK01";
  const profile = "https://www.amazon.co.jp/sp?seller=A1MKWDORMANT01";
  const before = realChecks;
  let runs = 0;
  let ms = 0;
  let stopped = "";
  while (ms < WARM_MS && runs < WARM_MAX_RUNS) {
    if (realChecks !== before) {
      stopped = "a check started";
      break;
    }
    const t = w.now();
    const ex = checker.extract("product", product, url);
    const sp = checker.extract("seller", seller, profile);
    const merged = sp.ok ? checker.seller(sp.seller, "", "A1MKWDORMANT01") : null;
    const context = { now: new Date(w.now()).toISOString() };
    if (merged && merged.ok) context.seller = merged.seller;
    const scored = ex.ok ? checker.score(ex.listing, context) : null;
    if (scored && scored.ok) checker.explain(scored.verdict, runs % 2 ? "en" : "ja");
    if (!ex.ok || !scored || !scored.ok) throw new Error("warm-up sample did not check: " + (ex.error || (scored && scored.error) || ""));
    ms += w.now() - t;
    runs++;
    await yieldToEvents();
  }
  const done = { reasons: [...reasons], runs, ms: Math.round(ms), loadMs: Math.round(loadMs), stopped, at: Date.now() };
  await w.session.set({ [WARM]: done }).catch(() => {});
  return done;
}

async function text(w, path) {
  const res = await w.fetch(w.getURL(path));
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.text();
}
