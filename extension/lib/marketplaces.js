// Amazon marketplaces and the forms of their IDs. The table, the ID forms
// and marketplaceFromHost are generated from internal/market (lib/facts.js);
// the host list is also what the manifest grants, and a unit test keeps
// them equal.

import { ASIN, MARKETPLACES, SELLER_ID, marketplaceFromHost } from "./facts.js";

export { MARKETPLACES, marketplaceFromHost };

export const MARKETPLACE_CODES = Object.freeze(Object.keys(MARKETPLACES));

// marketplaceFromURL is marketplaceFromHost for an https URL string; any
// other scheme or an unparsable URL gives "".
export function marketplaceFromURL(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return "";
  }
  if (u.protocol !== "https:") return "";
  return marketplaceFromHost(u.hostname);
}

// isAmazonSellerId reports whether id is Amazon's own merchant ID: there is
// nothing to look up about Amazon itself.
export function isAmazonSellerId(id) {
  return Object.values(MARKETPLACES).some((m) => m.amazonId === id);
}

// Amazon's seller IDs and ASINs are upper-case letters and digits. An ID
// read from a page goes into URLs and cache keys only if it has that form:
// "../x" or "A1?x=" must not change which path is fetched.
export function isSellerId(v) {
  return typeof v === "string" && SELLER_ID.test(v);
}

export function isASIN(v) {
  return typeof v === "string" && ASIN.test(v);
}

// twoStepURL is the 2-step verification settings page on a marketplace.
export function twoStepURL(code) {
  const m = MARKETPLACES[code] || MARKETPLACES.JP;
  return `https://${m.host}/a/settings/approval`;
}
