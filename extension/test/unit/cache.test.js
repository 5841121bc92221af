import { test } from "node:test";
import assert from "node:assert/strict";
import { StoreCache, MemoryArea, evictions } from "../../lib/cache.js";

function clock(t = 1_000_000) {
  const c = () => c.t;
  c.t = t;
  return c;
}

test("get returns what set stored until the TTL passes", async () => {
  const now = clock();
  const c = new StoreCache(new MemoryArea(), { prefix: "s", ttlMs: 1000, now });
  await c.set("a", { n: 1 });
  assert.deepEqual(await c.get("a"), { n: 1 });
  now.t += 999;
  assert.deepEqual(await c.get("a"), { n: 1 }, "get just before expiry");
  now.t += 1;
  assert.equal(await c.get("a"), undefined, "get at expiry");
  assert.equal(await c.size(), 0, "an expired entry read is dropped");
});

test("a per-entry TTL overrides the default", async () => {
  const now = clock();
  const c = new StoreCache(new MemoryArea(), { prefix: "s", ttlMs: 1000, now });
  await c.set("long", 1, 5000);
  now.t += 2000;
  assert.equal(await c.get("long"), 1);
});

test("the size cap evicts the entries closest to expiry", async () => {
  const now = clock();
  const area = new MemoryArea();
  const c = new StoreCache(area, { prefix: "s", ttlMs: 1000, maxEntries: 3, now });
  for (const k of ["a", "b", "c", "d", "e"]) {
    await c.set(k, k);
    now.t += 10;
  }
  assert.equal(await c.size(), 3);
  assert.equal(await c.get("a"), undefined);
  assert.equal(await c.get("b"), undefined);
  assert.equal(await c.get("e"), "e");
  assert.equal(area.map.has("s:a"), false, "evicted value removed from storage");
});

test("concurrent sets keep every key in the index", async () => {
  const c = new StoreCache(new MemoryArea(), { prefix: "s", ttlMs: 1000, now: clock() });
  await Promise.all(["a", "b", "c", "d"].map((k) => c.set(k, k)));
  assert.equal(await c.size(), 4);
});

test("clear removes only this cache's entries", async () => {
  const area = new MemoryArea();
  const a = new StoreCache(area, { prefix: "a", ttlMs: 1000, now: clock() });
  const b = new StoreCache(area, { prefix: "b", ttlMs: 1000, now: clock() });
  await a.set("x", 1);
  await b.set("x", 2);
  await a.clear();
  assert.equal(await a.get("x"), undefined);
  assert.equal(await b.get("x"), 2);
  assert.deepEqual([...area.map.keys()].sort(), ["b#index", "b:x"]);
});

test("a malformed stored entry reads as absent", async () => {
  const area = new MemoryArea();
  await area.set({ "s:a": "garbage", "s#index": "garbage" });
  const c = new StoreCache(area, { prefix: "s", ttlMs: 1000, now: clock() });
  assert.equal(await c.get("a"), undefined);
  await c.set("b", 1);
  assert.equal(await c.get("b"), 1);
});

test("evictions", () => {
  const cases = [
    [{}, 10, 5, []],
    [{ a: 5, b: 20 }, 10, 5, ["a"]],
    [{ a: 30, b: 20, c: 40 }, 10, 2, ["b"]],
    [{ a: 30, b: 20, c: 40, d: 1 }, 10, 1, ["d", "b", "a"]],
  ];
  for (const [index, now, max, want] of cases) {
    assert.deepEqual(evictions(index, now, max), want, `evictions(${JSON.stringify(index)}, ${now}, ${max})`);
  }
});
