import { test } from "node:test";
import assert from "node:assert/strict";
import { HostThrottle, ThrottledError, withTimeout } from "../../lib/throttle.js";

// fakeTime gives a clock and a sleep that advances it without waiting.
function fakeTime() {
  const t = { now: 0, sleeps: [] };
  t.clock = () => t.now;
  t.sleep = async (ms) => {
    t.sleeps.push(ms);
    t.now += ms;
  };
  return t;
}

const ok = { status: 200 };

test("requests to one host are spaced by the minimum gap", async () => {
  const t = fakeTime();
  const th = new HostThrottle({ minGapMs: 1000, now: t.clock, sleep: t.sleep });
  const starts = [];
  await Promise.all([1, 2, 3].map(() => th.run("a", async () => { starts.push(t.now); return ok; })));
  assert.deepEqual(starts, [0, 1000, 2000]);
});

test("hosts do not wait for each other", async () => {
  const t = fakeTime();
  const th = new HostThrottle({ minGapMs: 1000, now: t.clock, sleep: t.sleep });
  await th.run("a", async () => ok);
  await th.run("b", async () => ok);
  assert.deepEqual(t.sleeps, []);
});

test("one request at a time per host", async () => {
  const t = fakeTime();
  const th = new HostThrottle({ minGapMs: 0, now: t.clock, sleep: t.sleep });
  let running = 0;
  let most = 0;
  const task = async () => {
    running++;
    most = Math.max(most, running);
    await new Promise((r) => setTimeout(r, 5));
    running--;
    return ok;
  };
  await Promise.all([th.run("a", task), th.run("a", task), th.run("a", task)]);
  assert.equal(most, 1);
});

test("503 pauses the host, doubling up to the cap; success resets", async () => {
  const t = fakeTime();
  const th = new HostThrottle({ minGapMs: 0, backoffMs: 100, maxBackoffMs: 300, now: t.clock, sleep: t.sleep });
  const busy = async () => ({ status: 503 });
  const pauses = [];
  for (let i = 0; i < 4; i++) {
    await assert.rejects(th.run("a", busy), ThrottledError);
    pauses.push(th.pausedUntil("a") - t.now);
    await assert.rejects(th.run("a", async () => ok), ThrottledError, "a paused host fails at once");
    t.now = th.pausedUntil("a");
  }
  assert.deepEqual(pauses, [100, 200, 300, 300]);
  await th.run("a", async () => ok);
  await assert.rejects(th.run("a", busy), ThrottledError);
  assert.equal(th.pausedUntil("a") - t.now, 100, "backoff starts over after a success");
});

test("a failing fetch does not block the queue", async () => {
  const t = fakeTime();
  const th = new HostThrottle({ minGapMs: 0, now: t.clock, sleep: t.sleep });
  await assert.rejects(th.run("a", async () => { throw new Error("network"); }), /network/);
  assert.equal((await th.run("a", async () => ok)).status, 200);
});

test("withTimeout", async () => {
  assert.equal(await withTimeout(Promise.resolve(1), 50), 1);
  await assert.rejects(withTimeout(new Promise(() => {}), 10, "seller pages"), /seller pages timed out after 10 ms/);
});

test("with two slots, a second request starts a gap after the first, before it ends", async () => {
  const t = fakeTime();
  const th = new HostThrottle({ minGapMs: 300, maxConcurrent: 2, now: t.clock, sleep: t.sleep });
  let release;
  const slow = new Promise((r) => (release = r));
  const starts = [];
  let running = 0;
  let most = 0;
  const task = (wait) => async () => {
    starts.push(t.now);
    most = Math.max(most, ++running);
    await wait;
    running--;
    return ok;
  };
  const first = th.run("a", task(slow));
  const second = th.run("a", task(Promise.resolve()));
  const third = th.run("a", task(Promise.resolve()));
  await second;
  assert.deepEqual(starts, [0, 300], "the second starts while the first runs");
  release();
  await Promise.all([first, third]);
  assert.deepEqual(starts, [0, 300, 600]);
  assert.equal(most, 2, "never more than two at once");
});

test("a request waiting for its gap is refused when the host gets paused meanwhile", async () => {
  let now = 0;
  let wake;
  const sleep = (ms) => new Promise((r) => (wake = () => { now += ms; r(); }));
  const th = new HostThrottle({ minGapMs: 300, maxConcurrent: 2, backoffMs: 1000, now: () => now, sleep });
  const first = th.run("a", async () => ({ status: 200 }));
  const second = th.run("a", async () => ({ status: 200 }));
  await first;
  await new Promise((r) => setTimeout(r, 0)); // the second is now sleeping out its gap
  th.slowDown("a"); // a robot check on the first answer
  wake();
  await assert.rejects(second, ThrottledError);
});
