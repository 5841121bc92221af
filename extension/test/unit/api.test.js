import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { API, APIError, BUCKET_PREFIX, bucketHash, forgetBuckets, solveWork } from "../../lib/api.js";
import { MemoryArea } from "../../lib/cache.js";

// fakeFetch answers from a table of "METHOD path" → [status, body] and
// records every request.
function fakeFetch(routes) {
  const calls = [];
  const f = async (url, init) => {
    const path = new URL(url).pathname;
    calls.push({ method: init.method, path, auth: init.headers.Authorization || "", body: init.body, credentials: init.credentials, referrerPolicy: init.referrerPolicy, cache: init.cache });
    let r = routes[`${init.method} ${path}`];
    if (typeof r === "function") r = r(calls.at(-1));
    if (!r) return new Response(JSON.stringify({ error: "not found" }), { status: 404 });
    if (r === "hang") return new Promise((_, reject) => init.signal.addEventListener("abort", () => reject(new Error("aborted"))));
    const [status, body, headers] = r;
    return new Response(body === undefined ? "" : JSON.stringify(body), { status, headers });
  };
  f.calls = calls;
  return f;
}

const base = "http://127.0.0.1:8080";

// leadingZeroBits is the server's check, by node:crypto rather than the
// SHA-256 under test.
function leadingZeroBits(challenge, nonce) {
  let n = 0;
  for (const b of createHash("sha256").update(challenge + "." + nonce).digest()) {
    if (b !== 0) return n + Math.clz32(b) - 24;
    n += 8;
  }
  return n;
}

// mintRoutes stand in for the server's proof-of-work mint: a challenge,
// then a client only for a nonce that solves it.
function mintRoutes(difficulty = 6) {
  let n = 0;
  return {
    "POST /v1/challenges": () => [201, { challenge: "w1.test-challenge-" + n + ".1764590000." + difficulty + ".sig", difficulty, expiresAt: "2026-12-01T00:05:00Z" }],
    "POST /v1/clients": (c) => {
      const { challenge, nonce } = JSON.parse(c.body);
      if (!/^[0-9]{1,20}$/.test(nonce) || leadingZeroBits(challenge, nonce) < difficulty) return [400, { error: "invalid proof of work", field: "nonce" }];
      n++;
      return [201, { clientId: "c" + n, token: "t" + n }];
    },
  };
}

test("solveWork finds nonces the server accepts, whatever the challenge's length", async () => {
  for (const len of [1, 40, 55, 56, 63, 64, 65, 100, 119, 130]) {
    const challenge = "w1.".padEnd(len, "x");
    for (const d of [0, 1, 5, 10]) {
      const nonce = await solveWork(challenge, d);
      assert.match(nonce, /^[0-9]+$/);
      assert.ok(leadingZeroBits(challenge, nonce) >= d, `challenge of ${len} bytes, difficulty ${d}: nonce ${nonce}`);
      // The first solution, not any: every smaller nonce fails.
      for (let k = 0; k < Number(nonce); k++) assert.ok(leadingZeroBits(challenge, String(k)) < d, `nonce ${k} < ${nonce} also solves`);
    }
  }
});

test("solveWork yields to the event loop while it works", async () => {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  const nonce = await solveWork("w1.yield-test", 14, { sliceSize: 500 });
  clearInterval(timer);
  assert.ok(leadingZeroBits("w1.yield-test", nonce) >= 14);
  assert.ok(ticks > 0, `no timer ran during ${nonce} tries`);
});

// hashOf is the scheme's hash by node:crypto, not the code under test.
const hashOf = (kind, m, id) => createHash("sha256").update(`mkw-bucket-v1|${kind}|${m}|${id}`).digest("hex");

// bucketRoute answers the bucket of (kind, m, id) with entries {id: value}
// of that bucket, plus a neighbour of another product in it.
function bucketRoute(kind, m, id, entries, { neighbour = true } = {}) {
  const prefix = hashOf(kind, m, id).slice(0, BUCKET_PREFIX[kind]);
  const out = {};
  for (const [k, v] of Object.entries(entries)) out[hashOf(kind, m, k)] = v;
  if (neighbour) out[prefix + "0".repeat(64 - prefix.length)] = { median: 1, contributors: 99 };
  return { [`GET /v1/buckets/${kind}/${prefix}`]: [200, { scheme: "v1", kind, prefix, entries: out }] };
}

test("bucketHash is the published scheme: the docs' worked example", async () => {
  assert.equal(await bucketHash("baselines", "JP", "B0CHX1W1XY"), "a4cf7f7b784ffd398682859f120e2ea0bdc4a5559b420b7b8c912b5ad8230926");
  assert.equal(await bucketHash("sellers", "JP", "A1THAZDOWP300U"), "e7da7731c6056738cb46a5e9ff1fadd08c05e6a49c028e28d3000e7420349ba6");
});

test("baseline asks for a hash prefix only and picks its own entry", async () => {
  forgetBuckets();
  const fetch = fakeFetch(bucketRoute("baselines", "JP", "B0MKWHJK01", { B0MKWHJK01: { median: 40800, contributors: 7 } }));
  const api = new API({ baseURL: base, area: new MemoryArea(), fetch });
  assert.deepEqual(await api.baseline("JP", "B0MKWHJK01"), { median: 40800, contributors: 7 });
  assert.equal(fetch.calls.length, 1);
  const c = fetch.calls[0];
  assert.equal(c.path, "/v1/buckets/baselines/" + hashOf("baselines", "JP", "B0MKWHJK01").slice(0, 3));
  assert.ok(!c.path.includes("B0MKWHJK01") && !c.path.includes("JP"), c.path);
  assert.equal(c.credentials, "omit");
  assert.equal(c.referrerPolicy, "no-referrer");
  assert.equal(c.cache, "default", "bucket answers are public and may come from the HTTP cache");
  assert.equal(c.body, undefined);
});

test("a product or seller absent from its bucket is null; the bucket is asked once a minute", async () => {
  forgetBuckets();
  const routes = { ...bucketRoute("sellers", "JP", "A1MKWDORMANT01", { A1MKWDORMANT01: { reports: 3, reporters: 3, reasons: { NOT_DELIVERED: 3 } } }) };
  const fetch = fakeFetch(routes);
  const api = new API({ baseURL: base, area: new MemoryArea(), fetch });
  assert.equal((await api.reputation("JP", "A1MKWDORMANT01")).reporters, 3);
  assert.equal(await api.reputation("JP", "A1MKWDORMANT01").then((r) => r.reports), 3);
  assert.equal(fetch.calls.length, 1, "the second look-up in a bucket read a moment ago sent a request");
  // Another seller of the same bucket: answered from it, absent means null.
  const prefix = hashOf("sellers", "JP", "A1MKWDORMANT01").slice(0, 2);
  let other;
  for (let i = 0; ; i++) {
    other = "A2OTHER" + String(i).padStart(7, "0");
    if (hashOf("sellers", "JP", other).startsWith(prefix)) break;
  }
  assert.equal(await api.reputation("JP", other), null);
  assert.equal(fetch.calls.length, 1);
  // Another API address has buckets of its own.
  const elsewhere = new API({ baseURL: "http://localhost:9999", area: new MemoryArea(), fetch });
  await elsewhere.reputation("JP", "A1MKWDORMANT01");
  assert.equal(fetch.calls.length, 2);
  // An empty bucket is an answer: null, no error.
  forgetBuckets();
  const empty = fakeFetch(bucketRoute("baselines", "JP", "B0UNKNOWN0", {}, { neighbour: false }));
  assert.equal(await new API({ baseURL: base, area: new MemoryArea(), fetch: empty }).baseline("JP", "B0UNKNOWN0"), null);
});

test("a bucket read fails as APIError: down, not a bucket, or not this bucket", async () => {
  forgetBuckets();
  const prefix = hashOf("baselines", "JP", "B0MKWHJK01").slice(0, 3);
  const path = `GET /v1/buckets/baselines/${prefix}`;
  const down = new API({ baseURL: base, area: new MemoryArea(), fetch: fakeFetch({ [path]: [503, { error: "store unavailable" }] }) });
  await assert.rejects(down.baseline("JP", "B0MKWHJK01"), (e) => e instanceof APIError && e.status === 503 && e.message === "store unavailable");
  const good = { scheme: "v1", kind: "baselines", prefix, entries: {} };
  const bad = [
    ["another scheme", { ...good, scheme: "v2" }],
    ["another kind", { ...good, kind: "sellers" }],
    ["another prefix", { ...good, prefix: prefix === "000" ? "001" : "000" }],
    ["no entries", { ...good, entries: undefined }],
    ["entries an array", { ...good, entries: [] }],
    ["a key outside the bucket", { ...good, entries: { ["f".repeat(64).replace(/^.../, prefix === "fff" ? "000" : "fff")]: { median: 1 } } }],
    ["a key not a full hash", { ...good, entries: { [prefix + "abc"]: { median: 1 } } }],
    ["an entry not an object", { ...good, entries: { [prefix + "0".repeat(61)]: 42 } }],
  ];
  for (const [name, body] of bad) {
    forgetBuckets();
    const api = new API({ baseURL: base, area: new MemoryArea(), fetch: fakeFetch({ [path]: [200, body] }) });
    await assert.rejects(api.baseline("JP", "B0MKWHJK01"), (e) => e instanceof APIError && e.status === 0, name);
  }
});

test("a hung API times out quickly", async () => {
  forgetBuckets();
  const prefix = hashOf("baselines", "JP", "B0MKWHJK01").slice(0, 3);
  const api = new API({ baseURL: base, area: new MemoryArea(), fetch: fakeFetch({ [`GET /v1/buckets/baselines/${prefix}`]: "hang" }), timeoutMs: 30 });
  const t0 = Date.now();
  await assert.rejects(api.baseline("JP", "B0MKWHJK01"), (e) => e instanceof APIError && e.status === 0 && /timed out/.test(e.message));
  assert.ok(Date.now() - t0 < 1000);
});

test("writes register a token once and renew it after a 401", async () => {
  let valid = "t1";
  const fetch = fakeFetch({
    ...mintRoutes(),
    "POST /v1/reports": (c) => (c.auth === "Bearer " + valid ? [201, { ok: true }] : [401, { error: "bad token" }]),
  });
  const area = new MemoryArea();
  const api = new API({ baseURL: base, area, fetch });
  await api.report({ marketplace: "JP", sellerId: "A1MKWDORMANT01", reasons: ["OTHER"] });
  await api.report({ marketplace: "JP", sellerId: "A1MKWDORMANT01", reasons: ["OTHER"] });
  assert.equal(fetch.calls.filter((c) => c.path === "/v1/clients").length, 1, "one registration for two reports");
  valid = "t2";
  await api.report({ marketplace: "JP", sellerId: "A1MKWDORMANT01", reasons: ["OTHER"] });
  assert.equal(fetch.calls.filter((c) => c.path === "/v1/clients").length, 2, "renewed after 401");
  assert.deepEqual((await area.get("apiToken:" + base))["apiToken:" + base], { clientId: "c2", token: "t2" });
  assert.equal(fetch.calls.filter((c) => c.path === "/v1/challenges").length, 2, "one challenge per registration");
});

test("concurrent writes share one registration", async () => {
  const fetch = fakeFetch({ ...mintRoutes(8), "POST /v1/observations": [200, { accepted: 1 }] });
  const api = new API({ baseURL: base, area: new MemoryArea(), fetch });
  await Promise.all([1, 2, 3].map(() => api.observe([{ marketplace: "JP", asin: "B0MKWHJK01", price: 1, currency: "JPY", condition: "new", sellerKind: "" }])));
  assert.equal(fetch.calls.filter((c) => c.path === "/v1/clients").length, 1);
  assert.ok(fetch.calls.filter((c) => c.path === "/v1/observations").every((c) => c.auth === "Bearer t1"));
});

test("a challenge the client cannot solve is refused before any work", async () => {
  const fetch = fakeFetch({ "POST /v1/challenges": [201, { challenge: "w1.x", difficulty: 99 }] });
  const api = new API({ baseURL: base, area: new MemoryArea(), fetch });
  await assert.rejects(api.report({ marketplace: "JP", sellerId: "A1MKWDORMANT01", reasons: ["OTHER"] }), (e) => e instanceof APIError && /challenge/.test(e.message));
  assert.equal(fetch.calls.filter((c) => c.path === "/v1/clients").length, 0);
});

test("429 carries Retry-After", async () => {
  const fetch = fakeFetch({ ...mintRoutes(), "POST /v1/observations": [429, { error: "slow down" }, { "Retry-After": "30" }] });
  const api = new API({ baseURL: base, area: new MemoryArea(), fetch });
  await assert.rejects(api.observe([]), (e) => e.status === 429 && e.retryAfter === 30);
});

test("writes wait longer than reads", async () => {
  const slow = (body) => async (url, init) => {
    await new Promise((r) => setTimeout(r, 60));
    if (init.signal.aborted) throw new Error("aborted");
    return new Response(JSON.stringify(body), { status: 200 });
  };
  const reads = new API({ baseURL: base, area: new MemoryArea(), fetch: slow({}), timeoutMs: 20, writeTimeoutMs: 500 });
  forgetBuckets();
  await assert.rejects(reads.baseline("JP", "B0MKWHJK01"), /timed out after 20 ms/);
  // One body answers the challenge, the mint and the report alike.
  const answer = { challenge: "w1.x", difficulty: 0, clientId: "c", token: "t" };
  const writes = new API({ baseURL: base, area: new MemoryArea(), fetch: slow(answer), timeoutMs: 20, writeTimeoutMs: 500 });
  assert.deepEqual(await writes.report({ marketplace: "JP", sellerId: "A1MKWDORMANT01", reasons: ["OTHER"] }), answer);
});

test("look-ups refuse keys that would change the path", async () => {
  for (const [mp, id] of [["JP", ".."], ["JP", "%2e%2e"], ["JP", "A1?x="], ["JP", "../../v1/clients"], ["..", "A1MKWDORMANT01"], ["JP", ""], ["JP", 42]]) {
    const fetch = fakeFetch({});
    const api = new API({ baseURL: base, area: new MemoryArea(), fetch });
    await assert.rejects(api.reputation(mp, id), TypeError, `reputation(${mp}, ${id})`);
    await assert.rejects(api.baseline(mp, id), TypeError, `baseline(${mp}, ${id})`);
    assert.equal(fetch.calls.length, 0, `reputation/baseline(${mp}, ${id}) sent ${JSON.stringify(fetch.calls)}`);
  }
});

test("a look-up answered with anything but a JSON object is an error, not 'nothing known'", async () => {
  const answers = [
    ["html", () => new Response("<html>hello</html>", { status: 200 })],
    ["empty", () => new Response("", { status: 200 })],
    ["array", () => new Response("[]", { status: 200 })],
    ["number", () => new Response("42", { status: 200 })],
  ];
  for (const [name, answer] of answers) {
    forgetBuckets();
    const api = new API({ baseURL: base, area: new MemoryArea(), fetch: async () => answer() });
    await assert.rejects(api.baseline("JP", "B0MKWHJK01"), (e) => e instanceof APIError && e.status === 0, `baseline answered ${name}`);
  }
});
