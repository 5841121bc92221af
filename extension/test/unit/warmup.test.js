import { test } from "node:test";
import assert from "node:assert/strict";
import { MemoryArea } from "../../lib/cache.js";

// A fresh copy of the module per test: it warms once per worker life.
async function fresh() {
  return import(`../../lib/warmup.js?${Math.random()}`);
}

function deps({ msPerRun = 5, onRun = () => {} } = {}) {
  let clock = 0;
  const calls = { extract: 0, score: 0, explain: 0, loads: 0 };
  const checker = {
    extract: (kind) => {
      calls.extract++;
      if (kind === "product") {
        onRun();
        clock += msPerRun; // one run of the sample costs msPerRun
      }
      return kind === "seller" ? { ok: true, seller: {} } : { ok: true, listing: {} };
    },
    seller: () => ({ ok: true, seller: {} }),
    score: () => {
      calls.score++;
      return { ok: true, verdict: { level: "ok", reasons: [] } };
    },
    explain: () => {
      calls.explain++;
      return { ok: true };
    },
  };
  return {
    calls,
    session: new MemoryArea(),
    loadChecker: async () => {
      calls.loads++;
      return checker;
    },
    getURL: (p) => "chrome-extension://x/" + p,
    fetch: async () => ({ ok: true, text: async () => "<html></html>" }),
    now: () => clock,
  };
}

test("the warm-up checks the sample until WARM_MS of work, once, and keeps a record", async () => {
  const { warmUp, WARM_MS } = await fresh();
  const { WARM } = await import("../../lib/keys.js");
  const d = deps();
  const first = warmUp(d, "worker start");
  const second = warmUp(d, "install"); // onInstalled fires after the worker started
  const done = await second;
  assert.equal((await first).runs, done.runs, "one run, for both reasons");
  assert.equal(d.calls.loads, 1, "the checker is loaded once");
  assert.equal(done.runs, WARM_MS / 5, `runs = ${done.runs}; want ${WARM_MS / 5} of 5 ms`);
  assert.deepEqual(done.reasons, ["worker start", "install"]);
  assert.equal(done.stopped, "");
  assert.deepEqual((await d.session.get(WARM))[WARM], done);
});

test("a real check stops the warm-up at once", async () => {
  const mod = await fresh();
  let n = 0;
  const d = deps({ onRun: () => { if (++n === 3) mod.checkStarted(); } });
  const done = await mod.warmUp(d, "startup");
  assert.equal(done.runs, 3, `runs = ${done.runs}; want it to stop after the run during which a check started`);
  assert.equal(done.stopped, "a check started");
});

test("the warm-up gives way to other work between runs", async () => {
  const { warmUp } = await fresh();
  const d = deps();
  let ticks = 0;
  const timer = setInterval(() => ticks++, 0);
  const done = await warmUp(d, "install");
  clearInterval(timer);
  assert.ok(ticks >= done.runs / 2, `other timers ran ${ticks} times during ${done.runs} runs; want the warm-up to yield`);
});
