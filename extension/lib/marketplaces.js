// Amazon marketplaces the extension knows, mirroring internal/market. The
// host list is also what the manifest grants; a unit test keeps them equal.

export const MARKETPLACES = Object.freeze({
  JP: { host: "www.amazon.co.jp", currency: "JPY", lang: "ja", amazonId: "AN1VRQENFRJN5" },
  US: { host: "www.amazon.com", currency: "USD", lang: "en", amazonId: "ATVPDKIKX0DER" },
  UK: { host: "www.amazon.co.uk", currency: "GBP", lang: "en", amazonId: "A3P5ROKL5A1OLE" },
  DE: { host: "www.amazon.de", currency: "EUR", lang: "de", amazonId: "A3JWKAKR8XB7XF" },
  FR: { host: "www.amazon.fr", currency: "EUR", lang: "fr", amazonId: "A1X6FK5RDHNB96" },
  ES: { host: "www.amazon.es", currency: "EUR", lang: "es", amazonId: "A1AT7YVPFBWXBL" },
  IT: { host: "www.amazon.it", currency: "EUR", lang: "it", amazonId: "A11IL2PNWYJU7H" },
  CA: { host: "www.amazon.ca", currency: "CAD", lang: "en", amazonId: "A3DWYIK6Y9EEQB" },
});

export const MARKETPLACE_CODES = Object.freeze(Object.keys(MARKETPLACES));

// marketplaceFromHost maps "www.amazon.co.jp" (or "smile.amazon.com") to
// its code, or "" for any other host. Only exact hosts or subdomains count:
// "amazon.co.jp.evil.example" is not Amazon.
export function marketplaceFromHost(host) {
  if (typeof host !== "string") return "";
  const h = host.toLowerCase().replace(/\.$/, "");
  for (const [code, m] of Object.entries(MARKETPLACES)) {
    const bare = m.host.slice("www.".length);
    if (h === bare || h.endsWith("." + bare)) return code;
  }
  return "";
}

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
const SELLER_ID = /^A[0-9A-Z]{7,19}$/; // internal/market SellerIDChars (a Go test keeps them equal)
const ASIN = /^[0-9A-Z]{10}$/; // internal/market ASINChars

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
