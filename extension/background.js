// Mikiwame's service worker: the one place that runs the wasm checker,
// fetches seller pages from Amazon, talks to the Mikiwame API and keeps
// caches. Chrome may evict it at any moment, so listeners are registered
// synchronously at the top level and all state lives in chrome.storage.
// What each message does is lib/messages.js; this file wires the worker.

import { MESSAGES, dispatcher } from "./lib/messages.js";
import { checkerLoads, loadChecker } from "./lib/checker.js";
import { SELLER_TTL_MS } from "./lib/check.js";
import { StoreCache } from "./lib/cache.js";
import { HostThrottle } from "./lib/throttle.js";
import { CACHES, WARM, reportKey, tabKey } from "./lib/keys.js";
import { checkStarted, warmUp } from "./lib/warmup.js";
import { ext } from "./lib/browser.js";

const local = ext.storage.local;
const caches = {
  seller: new StoreCache(local, { prefix: CACHES.seller, ttlMs: SELLER_TTL_MS, maxEntries: 300 }),
  api: new StoreCache(local, { prefix: CACHES.api, ttlMs: 10 * 60_000, maxEntries: 500 }),
  observed: new StoreCache(local, { prefix: CACHES.observed, ttlMs: 36 * 3600_000, maxEntries: 1000 }),
  reported: new StoreCache(local, { prefix: CACHES.reported, ttlMs: 365 * 24 * 3600_000, maxEntries: 5000 }),
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

const worker = {
  local,
  session: ext.storage.session,
  caches,
  throttle,
  loadChecker,
  checkerLoads,
  fetch: (u, init) => fetch(u, init),
  uiLanguage: () => ext.i18n.getUILanguage(),
  sendToTab: (tabId, msg, frameId) => ext.tabs.sendMessage(tabId, msg, { frameId }),
  openOptions: () => ext.runtime.openOptionsPage(),
  setToolbar: (tabId, badge) =>
    Promise.all([ext.action.setBadgeText({ tabId, text: badge.text }), ext.action.setBadgeBackgroundColor({ tabId, color: badge.color })]),
};

const dispatch = dispatcher(MESSAGES, worker, { id: ext.runtime.id, origin: ext.runtime.getURL("") });
// checkTimes: how long each check of this worker life took, message to
// answer, for make bench (the status message).
const checkTimes = [];
worker.checkTimes = () => checkTimes.slice();
ext.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  if (!msg || msg.type !== "check") return dispatch(msg, sender, sendResponse);
  checkStarted();
  const t0 = performance.now();
  return dispatch(msg, sender, (answer) => {
    if (checkTimes.length < 100) checkTimes.push(performance.now() - t0);
    sendResponse(answer);
  });
});

// Warm the checker up (lib/warmup.js): at install or update and at browser
// start, and at a worker start when nothing was warmed in this browser
// session (session storage outlives the worker, not the browser). A worker
// woken later in the session (an eviction) compiles from the code cache on
// its first check and does no warm-up work.
const warmDeps = { loadChecker, session: ext.storage.session, getURL: (p) => ext.runtime.getURL(p), fetch: (u) => fetch(u), now: () => performance.now() };
const warm = (reason) => warmUp(warmDeps, reason).then((r) => console.debug("mikiwame: warm-up", r));
ext.runtime.onInstalled.addListener((d) => warm(d.reason));
ext.runtime.onStartup.addListener(() => warm("startup"));
ext.storage.session.get(WARM).then((got) => {
  if (!got[WARM]) warm("worker start");
}, () => {});
ext.tabs.onRemoved.addListener((tabId) => {
  ext.storage.session.remove([tabKey(tabId), reportKey(tabId)]).catch(() => {});
});
