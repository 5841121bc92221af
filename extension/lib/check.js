// The check of one product page, from the content script's fragment to the
// verdict, its sentences and what the badge needs. Every dependency comes in
// through deps, so tests can run it with a fake checker, API and fetch.
//
// deps: {
//   checker     the wasm API (extract, seller, score, explain)
//   api         an API client, or null when none is configured
//   caches      {seller, api, reported, observed}: StoreCache instances
//   throttle    a HostThrottle for Amazon pages
//   fetch       fetch for Amazon pages
//   settings    normalized settings
//   lang        "ja" | "en"
//   now         clock (ms)
//   onInterim   optional: called with a page-only result (pending: true)
//               while the seller's pages are still being fetched
// }

import { isAmazonSellerId, isASIN, isSellerId, marketplaceFromURL } from "./marketplaces.js";
import { withTimeout } from "./throttle.js";
import { dayKey, level } from "./format.js";
import { ASIN_PATH } from "./facts.js";
import { baselineKey, observedKey, reputationKey, sellerKey } from "./keys.js";

export const SELLER_TTL_MS = 3 * 24 * 3600_000; // seller pages change slowly
export const BASELINE_TTL_MS = 3600_000;
export const REPUTATION_TTL_MS = 10 * 60_000;
export const SELLER_BUDGET_MS = 8000; // the badge waits at most this long for seller pages
// One Amazon page may take this long, body included. The badge gives up
// sooner (SELLER_BUDGET_MS); this frees the throttle's slot from a request
// that would otherwise hang for good and stall every later seller look-up.
export const AMAZON_TIMEOUT_MS = 15_000;

// The scorer's reason codes this module acts on (internal/score/codes.go).
const CODE = Object.freeze({
  SOLD_BY_AMAZON: "SOLD_BY_AMAZON",
  ESTABLISHED_SELLER: "ESTABLISHED_SELLER",
  SELLER_PROFILE_UNAVAILABLE: "SELLER_PROFILE_UNAVAILABLE",
  SELLER_UNKNOWN: "SELLER_UNKNOWN",
});

// The conditions other than new (market.Condition).
export const USED_CONDITIONS = Object.freeze(["used", "refurbished", "collectible"]);

// Why the seller's profile could not be read (sellerData "unavailable"):
// the badge says which, since a shopper can do something about each.
export const UNAVAILABLE_WHY = Object.freeze({
  CAPTCHA: "captcha", // Amazon answered with a robot check
  NOT_FOUND: "not-found", // Amazon has no profile for this seller (404)
  TIMEOUT: "timeout", // Amazon did not answer in time
  FAILED: "failed", // anything else: a network error, a 5xx, a page we cannot read
});

// Why the seller's own pages are not part of the verdict.
export const SELLER_DATA = Object.freeze({
  OK: "ok", // read now or from the cache
  UNAVAILABLE: "unavailable", // Amazon blocked, slowed or failed the request
  NONE: "none", // nothing to look up (Amazon itself, or no seller on the page)
  PENDING: "pending", // still being fetched (interim results only)
});

// sellerPageURLs are the seller profile and storefront on the shopper's own
// Amazon host. It throws for anything but an Amazon seller ID.
export function sellerPageURLs(pageURL, sellerId) {
  if (!isSellerId(sellerId)) throw new Error(`not an Amazon seller ID: ${JSON.stringify(String(sellerId)).slice(0, 40)}`);
  const origin = new URL(pageURL).origin;
  const id = encodeURIComponent(sellerId);
  return { profile: `${origin}/sp?seller=${id}`, storefront: `${origin}/s?me=${id}` };
}

// asinFromURL reads the ASIN from a product URL's path (market.ASINPathPattern).
export function asinFromURL(url) {
  const m = ASIN_PATH.exec(url);
  return m ? m[1].toUpperCase() : "";
}

// sameProduct reports whether two URLs show the same product on the same
// Amazon host. The popup uses it so a verdict stays with its product when
// the tab moves on to another page.
export function sameProduct(a, b) {
  const asin = asinFromURL(String(a || ""));
  if (!asin || asin !== asinFromURL(String(b || ""))) return false;
  try {
    return new URL(a).host === new URL(b).host;
  } catch {
    return false;
  }
}

// fetchAmazonPage fetches a public Amazon page through the throttle and
// resolves to {status, text}.
// credentials:"omit": these pages are public, and sending the shopper's
// cookies would tie our look-ups to their Amazon account for no gain; no
// referrer either. The timeout starts when the throttle lets it go.
async function fetchAmazonPage(deps, url) {
  const host = new URL(url).host;
  const ctrl = new AbortController();
  let timer;
  const init = { credentials: "omit", referrerPolicy: "no-referrer", redirect: "follow", cache: "no-store", signal: ctrl.signal };
  try {
    const res = await deps.throttle.run(host, () => {
      timer = setTimeout(() => ctrl.abort(), deps.amazonTimeoutMs ?? AMAZON_TIMEOUT_MS);
      return deps.fetch(url, init);
    });
    return { status: res.status, text: await res.text() };
  } catch (e) {
    // Our own timeout, told apart from a network error for the badge.
    if (ctrl.signal.aborted) throw Object.assign(new Error(`${url}: no answer in time`), { timeout: true });
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

// sellerData returns {seller, status, why}: the seller profile with the
// storefront's listing count (merged by the checker), from the cache or
// Amazon. A captcha, a 404, a timeout or a failure makes the status
// "unavailable", with why (UNAVAILABLE_WHY); the check goes on without.
export async function sellerData(deps, pageURL, marketplace, sellerId) {
  if (!isSellerId(sellerId)) return { seller: null, status: SELLER_DATA.NONE };
  const key = sellerKey(marketplace, sellerId);
  const cached = await deps.caches.seller.get(key);
  if (cached) return { seller: cached, status: SELLER_DATA.OK };
  const urls = sellerPageURLs(pageURL, sellerId);
  // Both pages are asked for at once; the throttle still spaces their starts
  // and refuses the storefront if the profile got the host paused.
  const profile = fetchAmazonPage(deps, urls.profile);
  const storefront = fetchAmazonPage(deps, urls.storefront);
  storefront.catch(() => {}); // read below only when the profile was
  let profileSeller;
  try {
    const page = await profile;
    const ex = deps.checker.extract("seller", page.text, urls.profile);
    if (!ex.ok) {
      if (ex.code === "PAGE_CAPTCHA") deps.throttle.slowDown(new URL(urls.profile).host);
      const why = ex.code === "PAGE_CAPTCHA" ? UNAVAILABLE_WHY.CAPTCHA : page.status === 404 || ex.code === "PAGE_NOT_FOUND" ? UNAVAILABLE_WHY.NOT_FOUND : UNAVAILABLE_WHY.FAILED;
      return { seller: null, status: SELLER_DATA.UNAVAILABLE, why, code: ex.code || "" };
    }
    profileSeller = ex.seller;
  } catch (e) {
    const why = e && e.timeout ? UNAVAILABLE_WHY.TIMEOUT : UNAVAILABLE_WHY.FAILED;
    return { seller: null, status: SELLER_DATA.UNAVAILABLE, why, code: "", error: String(e.message || e) };
  }
  let storefrontData = ""; // "" tells the checker there is none
  try {
    const sf = deps.checker.extract("storefront", (await storefront).text, urls.storefront);
    if (sf.ok) storefrontData = sf.storefront;
  } catch {
    // The profile alone is still worth scoring with; the storefront is one rule (R3).
  }
  // The checker merges the two pages, as the command-line checker does.
  const merged = deps.checker.seller(profileSeller, storefrontData, sellerId);
  if (!merged.ok) return { seller: null, status: SELLER_DATA.UNAVAILABLE, why: UNAVAILABLE_WHY.FAILED, code: merged.code || "", error: merged.error };
  const seller = merged.seller;
  await deps.caches.seller.set(key, seller);
  return { seller, status: SELLER_DATA.OK };
}

// cachedAPI runs call() unless key is cached; {value, reachable}. A null
// answer (absent from its bucket) is cached too; a failure is not, and
// says unreachable. With no server nothing is asked, nor taken from the
// cache of one used before: reachable null, "not asked".
async function cachedAPI(deps, key, ttl, call) {
  if (!deps.api) return { value: null, reachable: null };
  const hit = await deps.caches.api.get(key);
  if (hit) return { value: hit.v, reachable: true };
  try {
    const v = await call();
    await deps.caches.api.set(key, { v }, ttl);
    return { value: v, reachable: true };
  } catch {
    return { value: null, reachable: false };
  }
}

// check runs the whole check for one product fragment. It never throws for
// bad pages or a dead API; it throws only if the checker itself is missing.
export async function check(deps, { url, fragment }) {
  deps = { ...deps, pageURL: url };
  const marketplace = marketplaceFromURL(url);
  const ex = deps.checker.extract("product", fragment, url);
  if (!ex.ok) {
    const verdict = ex.verdict || { level: "unknown", score: 0, reasons: [], unreadable: { code: ex.code || "UNKNOWN_LAYOUT" } };
    return finish(deps, { verdict, marketplace, asin: asinFromURL(url), apiReachable: null, sellerData: SELLER_DATA.NONE, code: ex.code || "" });
  }
  const listing = ex.listing;
  const asin = isASIN(listing.asin) ? listing.asin : asinFromURL(url);
  const offer = listing.offer || null;
  // IDs go into API paths and cache keys: only well-formed ones are used.
  const sellerId = offer && isSellerId(offer.sellerId) ? offer.sellerId : "";
  const lookUpSeller = sellerId && !isAmazonSellerId(sellerId) && offer.fulfillment !== "amazon";

  const lookups = Promise.all([
    asin ? cachedAPI(deps, baselineKey(marketplace, asin), BASELINE_TTL_MS, () => deps.api.baseline(marketplace, asin)) : { value: null, reachable: null },
    lookUpSeller ? cachedAPI(deps, reputationKey(marketplace, sellerId), REPUTATION_TTL_MS, () => deps.api.reputation(marketplace, sellerId)) : { value: null, reachable: null },
    lookUpSeller
      ? withTimeout(sellerData(deps, url, marketplace, sellerId), SELLER_BUDGET_MS, "seller pages").catch(() => ({ seller: null, status: SELLER_DATA.UNAVAILABLE, why: UNAVAILABLE_WHY.TIMEOUT }))
      : { seller: null, status: SELLER_DATA.NONE },
  ]);
  // A new seller's pages take a second or more: meanwhile the shopper sees
  // what the page alone says, marked pending.
  if (lookUpSeller && deps.onInterim && !(await deps.caches.seller.get(sellerKey(marketplace, sellerId)))) {
    const context = { now: new Date(deps.now()).toISOString() };
    for (const [name, key] of [["baseline", baselineKey(marketplace, asin)], ["reputation", reputationKey(marketplace, sellerId)]]) {
      const hit = deps.api && (await deps.caches.api.get(key));
      if (hit && hit.v) context[name] = hit.v;
    }
    const interim = await finish(deps, {
      verdict: scoreListing(deps, listing, context).verdict,
      marketplace,
      asin,
      sellerId,
      sellerName: offer.sellerName || "",
      condition: offer.condition,
      apiReachable: null,
      sellerData: SELLER_DATA.PENDING,
    });
    interim.pending = true;
    try {
      deps.onInterim(interim);
    } catch {
      // A tab that went away; the final answer still goes out.
    }
  }
  const [baseline, reputation, seller] = await lookups;

  const context = { now: new Date(deps.now()).toISOString() };
  if (baseline.value) context.baseline = baseline.value;
  if (reputation.value) context.reputation = reputation.value;
  if (seller.seller) context.seller = seller.seller;
  const { verdict, apiUsable } = scoreListing(deps, listing, context);
  const reachable = [baseline.reachable, reputation.reachable].filter((r) => r !== null);
  let apiReachable = reachable.length === 0 ? null : reachable.every(Boolean);
  if (!apiUsable) {
    // Judged without the API's answers: say "page only", and ask again next time.
    apiReachable = false;
    await Promise.all([deps.caches.api.delete(baselineKey(marketplace, asin)), deps.caches.api.delete(reputationKey(marketplace, sellerId))]);
  }

  if (deps.settings.sharePrices && deps.api && apiReachable !== false && !shareRefusal(verdict, seller.status)) {
    observe(deps, marketplace, asin, offer).catch(() => {});
  }
  return finish(deps, {
    verdict,
    marketplace,
    asin,
    sellerId,
    sellerName: offer && offer.sellerName ? offer.sellerName : "",
    condition: offer ? offer.condition : "",
    apiReachable,
    sellerData: seller.status,
    sellerWhy: seller.why,
  });
}

// scoreListing returns {verdict, apiUsable}. When the checker refuses the
// context over what the API sent (a server that is not Mikiwame's, a format
// this version does not know), the listing is scored again without the
// API's parts: a verdict from the page and the seller beats "unknown" on
// every product until the cache expires.
function scoreListing(deps, listing, context) {
  const scored = deps.checker.score(listing, context);
  if (scored.ok) return { verdict: scored.verdict, apiUsable: true };
  if (context.baseline || context.reputation) {
    const rest = { ...context };
    delete rest.baseline;
    delete rest.reputation;
    const again = deps.checker.score(listing, rest);
    if (again.ok) return { verdict: again.verdict, apiUsable: false };
  }
  return { verdict: { level: "unknown", score: 0, reasons: [] }, apiUsable: true };
}

// reportable says whether a verdict leaves a third-party seller to report:
// a readable page whose seller ID is not Amazon's, and not SOLD_BY_AMAZON.
// A 404, a robot check, a page with no offer or no featured offer and a
// digital item have no seller here, so no report button either.
export function reportable(verdict, sellerId) {
  if (!isSellerId(sellerId) || isAmazonSellerId(sellerId) || !verdict || verdict.unreadable) return false;
  const reasons = Array.isArray(verdict.reasons) ? verdict.reasons : [];
  return !reasons.some((x) => x && x.code === CODE.SOLD_BY_AMAZON);
}

async function finish(deps, r) {
  const ex = deps.checker.explain(r.verdict, deps.lang);
  const reported = r.sellerId ? Boolean(await deps.caches.reported.get(sellerKey(r.marketplace, r.sellerId))) : false;
  return {
    ok: true,
    level: level(r.verdict.level),
    verdict: r.verdict,
    explanation: ex.ok ? ex.explanation : null,
    marketplace: r.marketplace,
    asin: r.asin || "",
    sellerId: r.sellerId || "",
    sellerName: r.sellerName || "",
    // The offer's condition when it is not new ("used", "refurbished",
    // "collectible"): the badge says so, since a used item's price and
    // seller are judged as a used offer.
    condition: USED_CONDITIONS.includes(r.condition) ? r.condition : "",
    apiReachable: r.apiReachable, // true, false (say "page only"), or null (not asked)
    sellerData: r.sellerData,
    // When the profile could not be read: why, and where the shopper can
    // open it themselves (the same Amazon host).
    ...(r.sellerData === SELLER_DATA.UNAVAILABLE && r.sellerId
      ? { sellerWhy: r.sellerWhy || UNAVAILABLE_WHY.FAILED, profileURL: sellerPageURLs(deps.pageURL, r.sellerId).profile }
      : {}),
    // When the API could not be reached: the address tried, for "fix it in Settings".
    ...(r.apiReachable === false && deps.settings && deps.settings.apiURL ? { apiURL: deps.settings.apiURL } : {}),
    // "No server" (an empty API address): judged from the page only by
    // the shopper's choice, which the badge says plainly; no report either.
    noServer: !deps.api,
    reportable: Boolean(deps.api) && reportable(r.verdict, r.sellerId),
    reported,
    lang: deps.lang,
  };
}

// Why a checked price is not shared with the crowd (shareRefusal).
export const SHARE_REFUSED = Object.freeze({
  NOT_OK: "not-ok", // judged 注意 or 危険, or could not be judged
  UNCHECKED: "unchecked", // the seller's own pages were not read
  UNPROVEN: "unproven", // neither Amazon nor a seller the scorer calls established
});

// shareRefusal returns why the buy-box price of a checked listing must
// not become a crowd price, or "" when it may. A price the shopper's own
// verdict doubts is exactly the scam's price: shared by five honest
// shoppers it would be the market price, and the sixth shopper's "far
// below market" warning would be gone (issue 9). So only an offer judged
// 安全, from Amazon itself or from a seller whose profile was read and
// that the scorer found established; the scorer's facts decide
// (SOLD_BY_AMAZON, ESTABLISHED_SELLER), no threshold of our own.
export function shareRefusal(verdict, sellerStatus) {
  if (!verdict || verdict.unreadable || level(verdict.level) !== "ok") return SHARE_REFUSED.NOT_OK;
  const codes = new Set((Array.isArray(verdict.reasons) ? verdict.reasons : []).map((r) => r && r.code));
  if (codes.has(CODE.SELLER_PROFILE_UNAVAILABLE) || codes.has(CODE.SELLER_UNKNOWN)) return SHARE_REFUSED.UNCHECKED;
  if (codes.has(CODE.SOLD_BY_AMAZON)) return "";
  if (sellerStatus !== SELLER_DATA.OK) return SHARE_REFUSED.UNCHECKED;
  return codes.has(CODE.ESTABLISHED_SELLER) ? "" : SHARE_REFUSED.UNPROVEN;
}

// observation is the anonymous price seen for a listing's buy-box offer,
// or null when there is nothing to send. Nothing identifies the shopper.
export function observation(marketplace, asin, offer) {
  if (!marketplace || !asin || !offer || !offer.price || !Number.isInteger(offer.price.amount) || offer.price.amount <= 0) return null;
  return {
    marketplace,
    asin,
    price: offer.price.amount,
    currency: offer.price.currency,
    condition: offer.condition || "new",
    sellerKind: offer.fulfillment || "",
  };
}

// observe sends at most one observation per product per day.
async function observe(deps, marketplace, asin, offer) {
  const o = observation(marketplace, asin, offer);
  if (!o) return;
  const key = observedKey(marketplace, asin, dayKey(deps.now()));
  if (await deps.caches.observed.get(key)) return;
  await deps.caches.observed.set(key, 1);
  await deps.api.observe([o]);
}

// checkOffers scores every offer of the all-offers panel from page data and
// what is already cached (no new seller-page fetches: a panel can hold
// dozens of sellers, and Amazon throttles). Returns {ok, offers:[…]}.
export async function checkOffers(deps, { url, fragment }) {
  const marketplace = marketplaceFromURL(url);
  const ex = deps.checker.extract("offers", fragment, url);
  if (!ex.ok) return { ok: false, error: ex.error, code: ex.code || "" };
  const asin = asinFromURL(url);
  const base = asin ? await deps.caches.api.get(baselineKey(marketplace, asin)) : null;
  const out = [];
  for (const offer of ex.offers) {
    // Each pill judges its own offer: a cheaper offer elsewhere in the
    // panel is the page badge's note, not this seller's fault.
    const context = { now: new Date(deps.now()).toISOString(), panelOffer: true };
    if (base && base.v) context.baseline = base.v;
    if (isSellerId(offer.sellerId)) {
      const s = await deps.caches.seller.get(sellerKey(marketplace, offer.sellerId));
      if (s) context.seller = s;
      const rep = await deps.caches.api.get(reputationKey(marketplace, offer.sellerId));
      if (rep && rep.v) context.reputation = rep.v;
    }
    const listing = { marketplace, asin, url, offer, offers: ex.offers };
    const { verdict } = scoreListing(deps, listing, context);
    const explained = deps.checker.explain(verdict, deps.lang);
    out.push({
      sellerId: offer.sellerId || "",
      sellerName: offer.sellerName || "",
      pinned: Boolean(offer.pinned),
      level: level(verdict.level),
      title: explained.ok ? explained.explanation.title : "",
      reasons: explained.ok ? explained.explanation.reasons : [],
    });
  }
  return { ok: true, offers: out };
}
