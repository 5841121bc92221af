import { test } from "node:test";
import assert from "node:assert/strict";
import { check, checkOffers, observation, reportable, sameProduct, sellerData, sellerPageURLs, shareRefusal, asinFromURL, SELLER_DATA, SHARE_REFUSED } from "../../lib/check.js";
import { report } from "../../lib/report.js";
import { StoreCache, MemoryArea } from "../../lib/cache.js";
import { HostThrottle, withTimeout } from "../../lib/throttle.js";
import { APIError } from "../../lib/api.js";

const url = "https://www.amazon.co.jp/dp/B0MKWHJK01";
const offer = { sellerId: "A1MKWDORMANT01", sellerName: "さくら雑貨店", fulfillment: "merchant", price: { amount: 2100, currency: "JPY" } };

// fakeChecker stands in for the wasm: it records what it was asked and
// answers with fixed envelopes.
// verdict, when given, is what every score answers.
function fakeChecker({ product = { ok: true, listing: { marketplace: "JP", asin: "B0MKWHJK01", offer } }, seller = { ok: true, seller: { name: "さくら雑貨店", ratings: { lifetime: 300 } } }, mergeFails = false, verdict = null } = {}) {
  const c = { scored: [] };
  c.extract = (kind, html) => {
    if (kind === "product") return product;
    if (kind === "seller") return html === "captcha" ? { ok: false, error: "robot check", code: "PAGE_CAPTCHA" } : seller;
    if (kind === "storefront") return { ok: true, storefront: { listings: 1000, atLeast: true } };
    if (kind === "offers") return { ok: true, offers: [offer, { sellerId: "AN1VRQENFRJN5", fulfillment: "amazon" }] };
    return { ok: false, error: "kind" };
  };
  c.score = (listing, context) => {
    c.scored.push({ listing, context });
    // As the wasm does when the API's JSON does not fit market.Context.
    if (context.baseline && typeof context.baseline.median !== "number") return { ok: false, error: "context: cannot unmarshal" };
    if (verdict) return { ok: true, verdict };
    return { ok: true, verdict: { level: context.seller ? "danger" : "caution", score: 50, reasons: [] } };
  };
  // The real merge is Go's (internal/check); this one only marks what it
  // returns, so a test can tell the merged seller from the raw profile.
  c.merged = [];
  c.seller = (profile, storefront, id) => {
    c.merged.push([profile, storefront, id]);
    if (mergeFails) return { ok: false, error: "the profile is seller A2OTHER0000001's, not " + id + "'s" };
    return { ok: true, seller: { ...profile, id, listings: storefront ? storefront.listings : undefined, listingsAtLeast: storefront ? storefront.atLeast : undefined } };
  };
  c.explain = (v, lang) => ({ ok: true, explanation: { level: v.level, title: `${v.level}/${lang}`, summary: "", reasons: [] } });
  return c;
}

function fakeAPI({ down = false } = {}) {
  const calls = [];
  const fail = () => Promise.reject(new APIError(0, "API unreachable"));
  return {
    calls,
    baseline: (mp, asin) => (calls.push(["baseline", mp, asin]), down ? fail() : Promise.resolve({ median: 40800, contributors: 9 })),
    reputation: (mp, id) => (calls.push(["reputation", mp, id]), down ? fail() : Promise.resolve({ reports: 3, reporters: 3 })),
    observe: (o) => (calls.push(["observe", o]), Promise.resolve({})),
    report: (r) => (calls.push(["report", r]), down ? fail() : Promise.resolve({})),
  };
}

function deps({ checker = fakeChecker(), api = fakeAPI(), pages = {}, sharePrices = false } = {}) {
  const area = new MemoryArea();
  const now = () => Date.UTC(2026, 10, 24, 12);
  const fetched = [];
  const inits = [];
  return {
    checker,
    api,
    caches: {
      seller: new StoreCache(area, { prefix: "seller", ttlMs: 1e9, now }),
      api: new StoreCache(area, { prefix: "api", ttlMs: 1e6, now }),
      reported: new StoreCache(area, { prefix: "reported", ttlMs: 1e10, now }),
      observed: new StoreCache(area, { prefix: "observed", ttlMs: 1e8, now }),
    },
    throttle: new HostThrottle({ minGapMs: 0 }),
    fetch: async (u, init) => {
      fetched.push(u);
      inits.push(init);
      const p = pages[new URL(u).pathname] ?? "page";
      if (p === "hang") return new Promise((_, reject) => init.signal?.addEventListener("abort", () => reject(new Error("aborted"))));
      return typeof p === "number" ? new Response("busy", { status: p }) : new Response(p, { status: 200 });
    },
    fetched,
    inits,
    settings: { sharePrices },
    lang: "ja",
    now,
  };
}

test("check with everything available", async () => {
  const d = deps();
  const r = await check(d, { url, fragment: "<html></html>" });
  assert.equal(r.ok, true);
  assert.equal(r.level, "danger");
  assert.equal(r.explanation.title, "danger/ja");
  assert.equal(r.apiReachable, true);
  assert.equal(r.sellerData, SELLER_DATA.OK);
  assert.deepEqual(d.fetched, ["https://www.amazon.co.jp/sp?seller=A1MKWDORMANT01", "https://www.amazon.co.jp/s?me=A1MKWDORMANT01"]);
  const ctx = d.checker.scored[0].context;
  assert.equal(ctx.baseline.median, 40800);
  assert.equal(ctx.reputation.reporters, 3);
  assert.equal(ctx.seller.listings, 1000);
  assert.equal(ctx.seller.listingsAtLeast, true);
  assert.equal(ctx.seller.id, "A1MKWDORMANT01");
  assert.deepEqual(d.checker.merged, [[{ name: "さくら雑貨店", ratings: { lifetime: 300 } }, { listings: 1000, atLeast: true }, "A1MKWDORMANT01"]], "the checker merges the profile and the storefront");
});

test("a storefront that cannot be read: the profile is merged alone", async () => {
  const checker = fakeChecker();
  const extract = checker.extract;
  checker.extract = (kind, html, u) => (kind === "storefront" ? { ok: false, error: "no result count", code: "NOT_STOREFRONT" } : extract(kind, html, u));
  const d = deps({ checker });
  const r = await check(d, { url, fragment: "" });
  assert.equal(r.sellerData, SELLER_DATA.OK);
  assert.deepEqual(d.checker.merged.map((m) => m[1]), [""], "no storefront is handed over as an empty string");
});

test("a profile the checker will not merge (another seller's): no seller data, not cached", async () => {
  const d = deps({ checker: fakeChecker({ mergeFails: true }) });
  const r = await check(d, { url, fragment: "" });
  assert.equal(r.sellerData, SELLER_DATA.UNAVAILABLE);
  assert.equal(d.checker.scored.at(-1).context.seller, undefined);
  assert.equal(await d.caches.seller.size(), 0);
});

test("seller pages are fetched without cookies or referrer", async () => {
  const d = deps();
  await check(d, { url, fragment: "" });
  assert.equal(d.inits.length, 2);
  for (const init of d.inits) {
    assert.equal(init.credentials, "omit", "credentials");
    assert.equal(init.referrerPolicy, "no-referrer", "referrerPolicy");
    assert.ok(init.signal instanceof AbortSignal, "a fetch without a signal cannot time out");
  }
});

test("a hung seller page times out and frees the throttle for the next seller", async () => {
  const d = deps({ pages: { "/sp": "hang", "/s": "hang" } });
  d.throttle = new HostThrottle({ minGapMs: 0, maxConcurrent: 1 });
  d.amazonTimeoutMs = 30;
  const first = await withTimeout(sellerData(d, url, "JP", "A1MKWHANGING1"), 2000, "hung seller");
  assert.equal(first.status, SELLER_DATA.UNAVAILABLE);
  d.fetch = async () => new Response("page", { status: 200 });
  const next = await withTimeout(sellerData(d, url, "JP", "A1MKWDORMANT01"), 2000, "next seller");
  assert.equal(next.status, SELLER_DATA.OK);
});

test("a seller ID or ASIN that is not Amazon's form is not looked up", async () => {
  for (const bad of ["../../x", "A1?x=", "A1MKW/../../gp", "..", "a1mkwdormant01", "A1MKW DORMANT"]) {
    const checker = fakeChecker({ product: { ok: true, listing: { marketplace: "JP", asin: "../B0MKWHJK", offer: { ...offer, sellerId: bad } } } });
    const d = deps({ checker });
    const r = await check(d, { url, fragment: "" });
    assert.deepEqual(d.fetched, [], `check with seller ${bad} fetched`);
    assert.deepEqual(d.api.calls, [["baseline", "JP", "B0MKWHJK01"]], `check with seller ${bad}: API calls`);
    assert.equal(r.sellerId, "", `check with seller ${bad}: sellerId`);
    assert.throws(() => sellerPageURLs(url, bad), /not an Amazon seller ID/, `sellerPageURLs(${bad})`);
  }
});

test("an API answer the checker cannot read: judged without it, said page-only, not kept", async () => {
  const api = fakeAPI();
  api.baseline = (mp, asin) => (api.calls.push(["baseline", mp, asin]), Promise.resolve({ median: "cheap" }));
  const d = deps({ api });
  const r = await check(d, { url, fragment: "" });
  assert.equal(r.level, "danger", "scored with the seller's data, not unknown");
  assert.equal(r.apiReachable, false);
  assert.equal(await d.caches.api.get("b:JP:B0MKWHJK01"), undefined, "the unreadable baseline is not cached");
  const offers = await checkOffers(d, { url, fragment: "" });
  assert.equal(offers.ok, true);
  await d.caches.api.set("b:JP:B0MKWHJK01", { v: { median: "cheap" } });
  const again = await checkOffers(d, { url, fragment: "" });
  assert.deepEqual(again.offers.map((o) => o.level), ["danger", "caution"], "offers scored without the bad baseline");
});

test("seller pages and API answers are cached", async () => {
  const d = deps();
  await check(d, { url, fragment: "" });
  await check(d, { url, fragment: "" });
  assert.equal(d.fetched.length, 2, "seller profile and storefront fetched once");
  assert.equal(d.api.calls.filter((c) => c[0] === "baseline").length, 1);
  assert.equal(d.api.calls.filter((c) => c[0] === "reputation").length, 1);
});

test("a dead API: judged from the page only", async () => {
  const d = deps({ api: fakeAPI({ down: true }) });
  const r = await check(d, { url, fragment: "" });
  assert.equal(r.ok, true);
  assert.equal(r.apiReachable, false);
  assert.equal(d.checker.scored[0].context.baseline, undefined);
  await check(d, { url, fragment: "" });
  assert.equal(d.api.calls.filter((c) => c[0] === "baseline").length, 2, "failures are not cached");
});

test("a captcha or 503 on the seller page: scored without seller data, not cached", async () => {
  for (const pages of [{ "/sp": "captcha" }, { "/sp": 503 }]) {
    const d = deps({ pages });
    const r = await check(d, { url, fragment: "" });
    assert.equal(r.sellerData, SELLER_DATA.UNAVAILABLE, JSON.stringify(pages));
    assert.equal(r.level, "caution");
    assert.equal(d.checker.scored[0].context.seller, undefined);
    assert.equal(await d.caches.seller.size(), 0);
    assert.ok(d.throttle.pausedUntil("www.amazon.co.jp") > Date.now(), `Amazon is left alone for a while after ${JSON.stringify(pages)}`);
  }
});

test("Amazon's own offer: no seller look-ups", async () => {
  const checker = fakeChecker({ product: { ok: true, listing: { marketplace: "JP", asin: "B0MKWAMZN1", offer: { sellerId: "AN1VRQENFRJN5", fulfillment: "amazon" } } } });
  const d = deps({ checker });
  const r = await check(d, { url, fragment: "" });
  assert.equal(r.sellerData, SELLER_DATA.NONE);
  assert.deepEqual(d.fetched, []);
  assert.ok(!d.api.calls.some((c) => c[0] === "reputation"));
});

test("an unreadable page gives the checker's unknown verdict", async () => {
  const checker = fakeChecker({ product: { ok: false, error: "robot check", code: "PAGE_CAPTCHA", verdict: { level: "unknown", score: 0, reasons: [], unreadable: { code: "PAGE_CAPTCHA" } } } });
  const d = deps({ checker });
  const r = await check(d, { url, fragment: "" });
  assert.equal(r.level, "unknown");
  assert.equal(r.verdict.unreadable.code, "PAGE_CAPTCHA");
  assert.deepEqual(d.fetched, []);
});

// An established seller's offer judged 安全: the price the crowd may have.
const trusted = { level: "ok", score: 0, reasons: [{ code: "FULFILLED_BY_AMAZON", severity: "good" }, { code: "ESTABLISHED_SELLER", severity: "good", params: { ratings: 2431 } }] };

// sentPrices checks a product with d and returns the observations it sent.
async function sentPrices(d) {
  await check(d, { url, fragment: "" });
  await new Promise((r) => setTimeout(r, 10)); // observations are sent in the background
  return d.api.calls.filter((c) => c[0] === "observe").map((c) => c[1]);
}

test("price observations: only when opted in, once per product per day", async () => {
  assert.deepEqual(await sentPrices(deps({ checker: fakeChecker({ verdict: trusted }) })), [], "nothing sent without opt-in");
  const on = deps({ sharePrices: true, checker: fakeChecker({ verdict: trusted }) });
  await check(on, { url, fragment: "" });
  await check(on, { url, fragment: "" });
  await new Promise((r) => setTimeout(r, 10));
  const sent = on.api.calls.filter((c) => c[0] === "observe");
  assert.equal(sent.length, 1);
  assert.deepEqual(sent[0][1], [{ marketplace: "JP", asin: "B0MKWHJK01", price: 2100, currency: "JPY", condition: "new", sellerKind: "merchant" }]);
});

test("prices the verdict doubts, or of a seller not checked, are never shared", async (t) => {
  const amazon = { sellerId: "AN1VRQENFRJN5", sellerName: "Amazon.co.jp", fulfillment: "amazon", price: { amount: 12800, currency: "JPY" } };
  const amazonListing = { ok: true, listing: { marketplace: "JP", asin: "B0MKWAMZN1", offer: amazon } };
  const soldByAmazon = { level: "ok", score: 0, reasons: [{ code: "SOLD_BY_AMAZON", severity: "good" }] };
  const cases = [
    // The scam's own price: five sharing shoppers would make it the market.
    { name: "judged 危険", verdict: { level: "danger", score: 65, reasons: [{ code: "PRICE_FAR_BELOW_LIST_PRICE", severity: "high" }, { code: "DORMANT_ACCOUNT", severity: "high" }] }, want: 0 },
    { name: "judged 注意", verdict: { level: "caution", score: 25, reasons: [{ code: "SELLER_FEW_RATINGS", severity: "medium" }, { code: "ESTABLISHED_SELLER", severity: "good" }] }, want: 0 },
    { name: "not judged", verdict: { level: "unknown", score: 0, reasons: [] }, want: 0 },
    { name: "a level the extension does not know", verdict: { level: "fine", score: 0, reasons: [{ code: "ESTABLISHED_SELLER" }] }, want: 0 },
    // 安全 but no record: not Amazon, and the scorer did not call it established.
    { name: "ok from an unproven seller", verdict: { level: "ok", score: 5, reasons: [{ code: "FULFILLED_BY_AMAZON", severity: "good" }] }, want: 0 },
    // The panel's rating line can make an unseen seller ok; its profile was still not read.
    { name: "ok, but the seller profile unavailable", verdict: { level: "ok", score: 0, reasons: [{ code: "ESTABLISHED_SELLER", severity: "good" }, { code: "SELLER_PROFILE_UNAVAILABLE", severity: "info" }] }, want: 0 },
    { name: "ok, but the seller unknown", verdict: { level: "ok", score: 0, reasons: [{ code: "ESTABLISHED_SELLER", severity: "good" }, { code: "SELLER_UNKNOWN", severity: "info" }] }, want: 0 },
    // Amazon blocked the profile look-up: whatever the verdict says, unchecked.
    { name: "ok, the profile answered with a robot check", verdict: trusted, pages: { "/sp": "captcha" }, want: 0 },
    { name: "established and judged 安全", verdict: trusted, want: 1 },
    { name: "Amazon's own offer", verdict: soldByAmazon, product: amazonListing, want: 1 },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const checker = fakeChecker({ verdict: c.verdict, ...(c.product ? { product: c.product } : {}) });
      const sent = await sentPrices(deps({ sharePrices: true, checker, pages: c.pages || {} }));
      assert.equal(sent.length, c.want, `observations sent = ${JSON.stringify(sent)}; want ${c.want}`);
    });
  }
});

test("shareRefusal", () => {
  const ok = SELLER_DATA.OK;
  const cases = [
    [null, ok, SHARE_REFUSED.NOT_OK],
    [{ level: "danger", reasons: [{ code: "SOLD_BY_AMAZON" }] }, SELLER_DATA.NONE, SHARE_REFUSED.NOT_OK],
    [{ level: "caution", reasons: [{ code: "ESTABLISHED_SELLER" }] }, ok, SHARE_REFUSED.NOT_OK],
    [{ level: "unknown", reasons: [], unreadable: { code: "NO_FEATURED_OFFER" } }, SELLER_DATA.NONE, SHARE_REFUSED.NOT_OK],
    [{ level: "ok", reasons: [{ code: "ESTABLISHED_SELLER" }], unreadable: { code: "NO_OFFER" } }, ok, SHARE_REFUSED.NOT_OK],
    [{ level: "ok", reasons: [{ code: "ESTABLISHED_SELLER" }] }, SELLER_DATA.UNAVAILABLE, SHARE_REFUSED.UNCHECKED],
    [{ level: "ok", reasons: [{ code: "ESTABLISHED_SELLER" }] }, SELLER_DATA.PENDING, SHARE_REFUSED.UNCHECKED],
    [{ level: "ok", reasons: [{ code: "ESTABLISHED_SELLER" }, { code: "SELLER_PROFILE_UNAVAILABLE" }] }, ok, SHARE_REFUSED.UNCHECKED],
    [{ level: "ok", reasons: [{ code: "SOLD_BY_AMAZON" }, { code: "SELLER_UNKNOWN" }] }, SELLER_DATA.NONE, SHARE_REFUSED.UNCHECKED],
    [{ level: "ok", reasons: [{ code: "FULFILLED_BY_AMAZON" }] }, ok, SHARE_REFUSED.UNPROVEN],
    [{ level: "ok", reasons: [] }, SELLER_DATA.NONE, SHARE_REFUSED.UNCHECKED],
    [{ level: "ok", reasons: [{ code: "ESTABLISHED_SELLER" }] }, ok, ""],
    [{ level: "ok", reasons: [{ code: "SOLD_BY_AMAZON" }] }, SELLER_DATA.NONE, ""],
  ];
  for (const [verdict, status, want] of cases) {
    assert.equal(shareRefusal(verdict, status), want, `shareRefusal(${JSON.stringify(verdict)}, ${status}) = ${shareRefusal(verdict, status)}; want ${JSON.stringify(want)}`);
  }
});

test("the result names the offer's condition when it is not new", async (t) => {
  for (const [condition, want] of [["used", "used"], ["collectible", "collectible"], ["new", ""], [undefined, ""], ["junk", ""]]) {
    await t.test(String(condition), async () => {
      const product = { ok: true, listing: { marketplace: "JP", asin: "B0MKWHJK01", offer: { ...offer, condition } } };
      const r = await check(deps({ checker: fakeChecker({ product }) }), { url, fragment: "" });
      assert.equal(r.condition, want);
    });
  }
});

test("observation", () => {
  assert.equal(observation("JP", "B0", { price: null }), null);
  assert.equal(observation("JP", "", offer), null);
  assert.equal(observation("JP", "B0", { ...offer, price: { amount: 0, currency: "JPY" } }), null);
  assert.deepEqual(Object.keys(observation("JP", "B0", offer)).sort(), ["asin", "condition", "currency", "marketplace", "price", "sellerKind"]);
});

test("checkOffers scores each offer from cached data only", async () => {
  const d = deps();
  const r = await checkOffers(d, { url, fragment: "" });
  assert.equal(r.ok, true);
  assert.deepEqual(r.offers.map((o) => o.sellerId), ["A1MKWDORMANT01", "AN1VRQENFRJN5"]);
  assert.deepEqual(d.fetched, []);
  // Each pill is judged as its own offer, not as the page's buy box.
  assert.ok(d.checker.scored.length >= 2 && d.checker.scored.every(({ context }) => context.panelOffer === true), JSON.stringify(d.checker.scored));
});

test("report once per seller", async () => {
  const d = deps();
  const msg = { marketplace: "JP", sellerId: "A1MKWDORMANT01", asin: "B0MKWHJK01", reasons: ["NOT_DELIVERED"], note: "  " };
  assert.deepEqual(await report(d, msg), { ok: true });
  assert.deepEqual(d.api.calls[0], ["report", { marketplace: "JP", sellerId: "A1MKWDORMANT01", asin: "B0MKWHJK01", reasons: ["NOT_DELIVERED"] }]);
  assert.equal((await report(d, msg)).code, "ALREADY_REPORTED");
  assert.equal(d.api.calls.length, 1);
  const down = deps({ api: fakeAPI({ down: true }) });
  assert.equal((await report(down, msg)).code, "API_UNREACHABLE");
  assert.equal((await report(down, msg)).code, "API_UNREACHABLE", "a failed report is not remembered");
});

test("URLs", () => {
  assert.deepEqual(sellerPageURLs("https://www.amazon.co.jp/dp/B0?x=1", "A1MKWDORMANT01"), { profile: "https://www.amazon.co.jp/sp?seller=A1MKWDORMANT01", storefront: "https://www.amazon.co.jp/s?me=A1MKWDORMANT01" });
  const cases = [
    ["https://www.amazon.co.jp/dp/B0MKWHJK01", "B0MKWHJK01"],
    ["https://www.amazon.co.jp/Some-Title/dp/b0mkwhjk01/ref=x", "B0MKWHJK01"],
    ["https://www.amazon.com/gp/product/0001982389?th=1", "0001982389"],
    ["https://www.amazon.com/gp/offer-listing/B07L6P7J2M/ref=dp_olp", "B07L6P7J2M"],
    ["https://www.amazon.com/gp/aw/d/B01LW7X0JJ", "B01LW7X0JJ"],
    ["https://www.amazon.com/s?k=dp", ""],
  ];
  for (const [u, want] of cases) assert.equal(asinFromURL(u), want, `asinFromURL(${u})`);
});

test("sameProduct", () => {
  const cases = [
    ["https://www.amazon.co.jp/dp/B0MKWHJK01", "https://www.amazon.co.jp/dp/B0MKWHJK01", true],
    ["https://www.amazon.co.jp/Title/dp/B0MKWHJK01/ref=x?th=1", "https://www.amazon.co.jp/dp/B0MKWHJK01", true],
    ["https://www.amazon.co.jp/dp/B0MKWHJK02", "https://www.amazon.co.jp/dp/B0MKWHJK01", false],
    ["https://www.amazon.com/dp/B0MKWHJK01", "https://www.amazon.co.jp/dp/B0MKWHJK01", false],
    ["https://www.amazon.co.jp/s?k=tea", "https://www.amazon.co.jp/dp/B0MKWHJK01", false],
    [undefined, "https://www.amazon.co.jp/dp/B0MKWHJK01", false],
    ["https://www.amazon.co.jp/s?k=x", "https://www.amazon.co.jp/s?k=x", false],
  ];
  for (const [a, b, want] of cases) assert.equal(sameProduct(a, b), want, `sameProduct(${a}, ${b})`);
});

test("a new seller: a pending page-only result first, then the final one", async () => {
  const d = deps();
  const events = [];
  d.onInterim = (r) => events.push(["interim", r]);
  const final = await check(d, { url, fragment: "" });
  events.push(["final", final]);
  assert.deepEqual(events.map((e) => e[0]), ["interim", "final"]);
  const interim = events[0][1];
  assert.equal(interim.pending, true);
  assert.equal(interim.sellerData, SELLER_DATA.PENDING);
  assert.equal(interim.level, "caution", "scored without the seller's pages");
  assert.equal(interim.sellerId, "A1MKWDORMANT01");
  assert.equal(d.checker.scored[0].context.seller, undefined);
  assert.equal(final.pending, undefined);
  assert.equal(final.level, "danger");
  assert.equal(final.sellerData, SELLER_DATA.OK);

  // The seller is cached now: no interim the second time.
  events.length = 0;
  await check(d, { url, fragment: "" });
  assert.deepEqual(events.map((e) => e[0]), []);
});

test("the interim uses cached API answers and never waits for the API", async () => {
  const d = deps();
  await d.caches.api.set("b:JP:B0MKWHJK01", { v: { median: 40800, contributors: 9 } });
  let answer;
  d.api.baseline = () => new Promise((r) => (answer = r)); // never cached: a slow API
  d.api.reputation = () => new Promise(() => {});
  let interim;
  d.onInterim = (r) => (interim = r);
  check(d, { url, fragment: "" });
  for (let i = 0; i < 50 && !interim; i++) await new Promise((r) => setTimeout(r, 1));
  assert.ok(interim, "interim came while the API hangs");
  assert.equal(d.checker.scored[0].context.baseline.median, 40800);
  assert.equal(answer, undefined, "the baseline was served from the cache, no call");
});

test("the profile and the storefront are fetched at once", async () => {
  const d = deps();
  d.throttle = new HostThrottle({ minGapMs: 0, maxConcurrent: 2 });
  let release;
  const profileHeld = new Promise((r) => (release = r));
  const started = [];
  d.fetch = async (u) => {
    started.push(new URL(u).pathname);
    if (started.length === 2) release();
    if (u.includes("/sp?")) await profileHeld; // the profile answers only once the storefront was asked for
    return new Response("page", { status: 200 });
  };
  // Fetched one after the other, the held profile would never answer.
  const r = await withTimeout(check(d, { url, fragment: "" }), 2000, "check");
  assert.deepEqual(started, ["/sp", "/s"]);
  assert.equal(r.sellerData, SELLER_DATA.OK);
});

test("an unreadable seller profile says why, and where to open it", async (t) => {
  const cases = [
    { name: "robot check", pages: { "/sp": "captcha" }, want: "captcha" },
    { name: "404", pages: { "/sp": 404 }, notSeller: true, want: "not-found" },
    { name: "503", pages: { "/sp": 503 }, notSeller: true, want: "failed" },
    { name: "no answer in time", pages: { "/sp": "hang" }, timeoutMs: 20, want: "timeout" },
  ];
  for (const tc of cases) {
    await t.test(tc.name, async () => {
      const checker = fakeChecker();
      const extract = checker.extract;
      if (tc.notSeller) checker.extract = (kind, html, u) => (kind === "seller" ? { ok: false, error: "not a seller page", code: "NOT_SELLER_PAGE" } : extract(kind, html, u));
      const d = deps({ checker, pages: tc.pages });
      if (tc.timeoutMs) d.amazonTimeoutMs = tc.timeoutMs;
      const r = await check(d, { url, fragment: "" });
      assert.equal(r.sellerData, SELLER_DATA.UNAVAILABLE);
      assert.equal(r.sellerWhy, tc.want, `sellerWhy = ${r.sellerWhy}; want ${tc.want}`);
      assert.equal(r.profileURL, `https://www.amazon.co.jp/sp?seller=${r.sellerId}`);
    });
  }
  const ok = await check(deps(), { url, fragment: "" });
  assert.equal(ok.sellerWhy, undefined, "a profile that was read has no caveat");
  assert.equal(ok.profileURL, undefined);
});

test("reportable: only a readable page with a third-party seller", () => {
  const cases = [
    [{ reasons: [] }, "A1MKWDORMANT01", true],
    [{ reasons: [{ code: "FULFILLED_BY_AMAZON" }] }, "A1MKWDORMANT01", true],
    [{ reasons: [{ code: "SOLD_BY_AMAZON" }] }, "A1MKWDORMANT01", false],
    [{ reasons: [] }, "AN1VRQENFRJN5", false], // Amazon's own ID
    [{ reasons: [] }, "", false], // 404, robot check, no offer: no seller read
    [{ reasons: [], unreadable: { code: "NO_FEATURED_OFFER" } }, "A1MKWDORMANT01", false],
    [{ reasons: [], unreadable: { code: "DIGITAL_ITEM" } }, "A1MKWDORMANT01", false],
    [null, "A1MKWDORMANT01", false],
  ];
  for (const [verdict, id, want] of cases) {
    assert.equal(reportable(verdict, id), want, `reportable(${JSON.stringify(verdict)}, ${id}) = ${!want}; want ${want}`);
  }
});

test("no server: nothing is asked, nor taken from an old server's cache; said so, no report button", async () => {
  const d = deps({ api: null, sharePrices: true });
  // What an earlier server answered stays unused.
  const { baselineKey } = await import("../../lib/keys.js");
  await d.caches.api.set(baselineKey("JP", "B0MKWHJK01"), { v: { median: 40800, contributors: 9 } });
  const r = await check({ ...d, settings: { sharePrices: true, apiURL: "" } }, { url, fragment: "" });
  assert.equal(r.ok, true);
  assert.equal(r.noServer, true);
  assert.equal(r.apiReachable, null, "no server is not an unreachable one");
  assert.equal(r.apiURL, undefined);
  assert.equal(r.reportable, false, "a report would have nowhere to go");
  for (const s of d.checker.scored) assert.equal(s.context.baseline, undefined, "a cached baseline of another server was used");
  assert.equal(r.level, "danger", "the seller's own pages still count");
  assert.equal(await d.caches.observed.size(), 0, "a price was queued for sharing");
  // With a server, the same check says nothing of the kind.
  const withAPI = await check(deps(), { url, fragment: "" });
  assert.equal(withAPI.noServer, false);
  assert.equal(withAPI.reportable, true);
});
