// Every key the extension keeps in chrome.storage, built in one place. The
// names come from lib/facts.js (generated from internal/jsfacts), because
// the content script reads two of them and cannot import this module.
// The API token's key is lib/api.js tokenKey.

import { KEYS } from "./facts.js";

export const SETTINGS = KEYS.settings; // local: the shopper's settings
export const TWO_STEP = KEYS.twoStep; // local: 2-step verification state per marketplace
export const LAST_MARKETPLACE = KEYS.lastMarketplace; // local: the marketplace of the last check

// The StoreCache prefixes (lib/cache.js adds ":" and its "#index").
export const CACHES = Object.freeze({
  seller: KEYS.sellerCache,
  api: KEYS.apiCache,
  observed: KEYS.observedCache,
  reported: KEYS.reportedCache,
});

// WARM (session): what the last warm-up of the checker did (lib/warmup.js),
// for the extension's own pages and tests.
export const WARM = "warmup"; // no content script reads it, so it is not in the generated KEYS

// uiKey (local) holds the "checking" line in lang, for the content script.
export const uiKey = (lang) => KEYS.ui + lang;
// tabKey (session) holds a tab's verdict for the popup.
export const tabKey = (tabId) => KEYS.tab + tabId;
// reportKey (session) holds the seller a tab's report frame may report,
// copied from the tab's verdict when the shopper clicked "report".
export const reportKey = (tabId) => tabKey(tabId) + ":report";
// In the API cache: a product's baseline and a seller's reputation.
export const baselineKey = (marketplace, asin) => `${KEYS.baseline}${marketplace}:${asin}`;
export const reputationKey = (marketplace, sellerId) => `${KEYS.reputation}${marketplace}:${sellerId}`;
// In the seller and reported caches: one seller on one marketplace.
export const sellerKey = (marketplace, sellerId) => `${marketplace}:${sellerId}`;
// In the observed cache: one product's price, sent once a day.
export const observedKey = (marketplace, asin, day) => `${marketplace}:${asin}:${day}`;
