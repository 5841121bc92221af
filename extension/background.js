// Mikiwame's service worker: the one place that runs the wasm checker,
// fetches seller pages from Amazon, talks to the Mikiwame API and keeps
// caches. Chrome may evict it at any moment, so listeners are registered
// synchronously at the top level and all state lives in chrome.storage.

import { validate } from "./lib/messages.js";
import { loadChecker } from "./lib/checker.js";
import { check, checkOffers, SELLER_TTL_MS } from "./lib/check.js";
import { report } from "./lib/report.js";
import { API } from "./lib/api.js";
import { StoreCache } from "./lib/cache.js";
import { HostThrottle } from "./lib/throttle.js";
import { loadSettings } from "./lib/settings.js";
import { loadCatalogue, resolveLanguage, strings } from "./lib/i18n.js";
import { toolbarBadge } from "./lib/format.js";
import { marketplaceFromURL } from "./lib/marketplaces.js";

const local = chrome.storage.local;
const caches = {
  seller: new StoreCache(local, { prefix: "seller", ttlMs: SELLER_TTL_MS, maxEntries: 300 }),
  api: new StoreCache(local, { prefix: "api", ttlMs: 10 * 60_000, maxEntries: 500 }),
  observed: new StoreCache(local, { prefix: "observed", ttlMs: 36 * 3600_000, maxEntries: 1000 }),
  reported: new StoreCache(local, { prefix: "reported", ttlMs: 365 * 24 * 3600_000, maxEntries: 5000 }),
};
// Throttle state lives in memory: after an eviction the worst case is one
// extra request before Amazon's next 503 pauses us again. A new seller costs
// two page requests (profile and storefront), then is cached for days; the
// product page the shopper opened made hundreds of requests to Amazon.
// Two at a time with starts 300 ms apart is still far gentler than a
// shopper clicking around, and gets the first verdict in about one page
// fetch instead of two plus a second's wait; a 503 or a robot check still
// pauses the host for 30 s and more.
const throttle = new HostThrottle({ minGapMs: 300, maxConcurrent: 2 });

chrome.runtime.onMessage.addListener(dispatch);
chrome.tabs.onRemoved.addListener((tabId) => {
  chrome.storage.session.remove("tab:" + tabId).catch(() => {});
});

const handlers = {
  async check(msg, sender) {
    const deps = await depsFor(msg.url, { checker: false });
    const ui = strings(await loadCatalogue(deps.lang), ["ui_", "report_"]);
    let result;
    try {
      deps.checker = await loadChecker();
      // The page-only verdict goes to the tab at once, marked pending, while
      // the seller's pages load; the final answer is the reply.
      deps.onInterim = (interim) => {
        interim.ui = ui;
        chrome.tabs.sendMessage(sender.tab.id, { type: "interim", id: msg.id, result: interim }, { frameId: sender.frameId || 0 }).catch(() => {});
      };
      result = await check(deps, msg);
    } catch (e) {
      // A checker that failed to load or threw: the badge and the toolbar
      // say "could not check" in the shopper's language, not nothing.
      console.error("mikiwame: check failed:", e);
      result = { ok: false, level: "unknown", error: String((e && e.message) || e), marketplace: marketplaceFromURL(msg.url), lang: deps.lang };
    }
    result.ui = ui;
    keepPendingStrings(deps.lang, ui);
    // The toolbar and the popup are extras: a tab that went away (or a
    // prerendered page with no tab yet) must not cost the page its verdict.
    await remember(sender.tab.id, msg.url, result).catch((e) => console.warn("mikiwame: toolbar not updated:", String((e && e.message) || e)));
    return result;
  },
  async checkOffers(msg) {
    return checkOffers(await depsFor(msg.url), msg);
  },
  async report(msg) {
    const deps = await depsFor("", { checker: false });
    return report(deps, msg);
  },
  async twostep(msg) {
    const got = await local.get("twoStep");
    const all = (got && got.twoStep) || {};
    // "unknown" (a page still loading, a sign-in bounce) does not erase
    // what an earlier visit saw.
    if (msg.state !== "unknown" || !all[msg.marketplace]) all[msg.marketplace] = { state: msg.state, at: Date.now() };
    await local.set({ twoStep: all, lastMarketplace: msg.marketplace });
    return { ok: true };
  },
  async clearCaches() {
    await Promise.all([caches.seller.clear(), caches.api.clear(), caches.observed.clear()]);
    return { ok: true };
  },
};

// dispatch is the one message listener. It is not async: it returns true to
// keep the channel open and answers through sendResponse when done.
// Anything outside the allow-list is answered with an error and logged.
function dispatch(msg, sender, sendResponse) {
  const v = validate(msg, sender, { id: chrome.runtime.id, origin: chrome.runtime.getURL("") });
  if (!v.ok) {
    console.warn("mikiwame: dropped a message:", v.error);
    sendResponse({ ok: false, error: v.error });
    return false;
  }
  handlers[msg.type](msg, sender).then(sendResponse, (e) => {
    console.error(`mikiwame: ${msg.type} failed:`, e);
    sendResponse({ ok: false, error: String((e && e.message) || e) });
  });
  return true;
}

async function depsFor(url, { checker = true } = {}) {
  const settings = await loadSettings(local);
  const lang = resolveLanguage(settings.language, marketplaceFromURL(url), chrome.i18n.getUILanguage());
  return {
    checker: checker ? await loadChecker() : null,
    api: new API({ baseURL: settings.apiURL, area: local }),
    caches,
    throttle,
    fetch: (u, init) => fetch(u, init),
    settings,
    lang,
    now: Date.now,
  };
}

// keepPendingStrings stores the "checking" line in lang once per worker
// life, for content.js to show before the worker answers (it cannot read
// another language's catalogue itself).
const pendingKept = new Set();
function keepPendingStrings(lang, ui) {
  if (pendingKept.has(lang) || typeof ui.ui_checking !== "string") return;
  pendingKept.add(lang);
  local.set({ ["ui:" + lang]: { ui_checking: ui.ui_checking } }).catch(() => pendingKept.delete(lang));
}

// remember sets the toolbar badge of the tab and keeps the verdict for the
// popup in session storage (gone when the browser closes).
async function remember(tabId, url, r) {
  const badge = toolbarBadge(r.level);
  await Promise.all([
    chrome.action.setBadgeText({ tabId, text: badge.text }),
    chrome.action.setBadgeBackgroundColor({ tabId, color: badge.color }),
    chrome.storage.session.set({
      ["tab:" + tabId]: {
        url,
        ok: r.ok !== false,
        level: r.level,
        explanation: r.explanation,
        sellerName: r.sellerName,
        apiReachable: r.apiReachable,
        sellerData: r.sellerData,
        marketplace: r.marketplace,
        at: Date.now(),
      },
    }),
    r.marketplace ? local.set({ lastMarketplace: r.marketplace }) : null,
  ]);
}
