// Validation of the messages the service worker accepts. This is the
// dispatcher's allow-list as a pure module, so it can be unit tested: a
// message is accepted only if its type is listed for where it came from and
// every argument has the expected type and size.

import { isASIN, isSellerId, marketplaceFromURL, MARKETPLACE_CODES } from "./marketplaces.js";

export const MAX_FRAGMENT = 2 * 1024 * 1024; // chars; fragments are a few kB
export const MAX_URL = 4096;
export const MAX_NOTE = 500;
export const REPORT_REASONS = Object.freeze([
  "NOT_DELIVERED", "COUNTERFEIT", "PRICE_TOO_LOW", "OFF_PLATFORM_CONTACT", "HIJACKED_ACCOUNT", "OTHER",
]);
export const TWO_STEP_STATES = Object.freeze(["on", "off", "unknown"]);

const isString = (v, max) => typeof v === "string" && v.length > 0 && v.length <= max;

// Checks per type: each returns "" when the message is well formed, or what
// is wrong with it.
const contentTypes = {
  check(m) {
    if (!isString(m.url, MAX_URL) || !marketplaceFromURL(m.url)) return "url must be an https Amazon page";
    if (typeof m.fragment !== "string" || m.fragment.length > MAX_FRAGMENT) return "fragment must be a string of at most 2 MiB";
    // id ties the pending page-only result sent to the tab to this check.
    if (m.id !== undefined && (!Number.isSafeInteger(m.id) || m.id < 0)) return "id must be a whole number";
    return "";
  },
  checkOffers(m) {
    return contentTypes.check(m);
  },
  report(m) {
    if (!MARKETPLACE_CODES.includes(m.marketplace)) return "marketplace must be one of " + MARKETPLACE_CODES.join(", ");
    if (!isSellerId(m.sellerId)) return "sellerId must be an Amazon seller ID";
    if (m.asin !== undefined && m.asin !== "" && !isASIN(m.asin)) return "asin must be 10 letters or digits";
    if (!Array.isArray(m.reasons) || m.reasons.length === 0 || m.reasons.length > REPORT_REASONS.length) return "reasons must list at least one reason";
    if (!m.reasons.every((r) => REPORT_REASONS.includes(r))) return "reasons must be among " + REPORT_REASONS.join(", ");
    if (new Set(m.reasons).size !== m.reasons.length) return "reasons must not repeat";
    if (m.note !== undefined && (typeof m.note !== "string" || m.note.length > MAX_NOTE)) return `note must be at most ${MAX_NOTE} characters`;
    return "";
  },
  twostep(m) {
    if (!MARKETPLACE_CODES.includes(m.marketplace)) return "marketplace must be a known code";
    if (!TWO_STEP_STATES.includes(m.state)) return "state must be on, off or unknown";
    return "";
  },
};

// Messages only the extension's own pages (popup, options) may send.
const pageTypes = {
  clearCaches() {
    return "";
  },
};

export const CONTENT_TYPES = Object.freeze(Object.keys(contentTypes));
export const PAGE_TYPES = Object.freeze(Object.keys(pageTypes));

// validate returns {ok:true, from:"content"|"page"} or {ok:false, error}.
// self is {id, origin}: the extension's ID and its chrome-extension:// origin.
export function validate(msg, sender, self) {
  if (!sender || sender.id !== self.id) return { ok: false, error: "message from another extension" };
  if (msg === null || typeof msg !== "object" || Array.isArray(msg)) return { ok: false, error: "message must be an object" };
  if (typeof msg.type !== "string") return { ok: false, error: "message has no type" };
  // Where a message comes from is told by the sending frame's URL, not by
  // whether it has a tab: the options page opens in a tab of its own.
  const fromPage = isExtensionPage(sender, self.origin);
  const table = fromPage ? pageTypes : contentTypes;
  if (!Object.hasOwn(table, msg.type)) return { ok: false, error: `unknown message type ${JSON.stringify(msg.type).slice(0, 40)}` };
  if (!fromPage) {
    const senderURL = sender.url || (sender.tab && sender.tab.url) || "";
    if (!sender.tab || !marketplaceFromURL(senderURL)) return { ok: false, error: "content message from a page that is not Amazon" };
  }
  const problem = table[msg.type](msg);
  if (problem) return { ok: false, error: `${msg.type}: ${problem}` };
  return { ok: true, from: fromPage ? "page" : "content" };
}

// isExtensionPage reports whether sender is one of the extension's own
// pages (popup, options), in a tab or not. sender.origin, where Chrome
// gives it, must agree with the URL.
function isExtensionPage(sender, origin) {
  if (typeof sender.url !== "string" || !sender.url.startsWith(origin)) return false;
  return sender.origin === undefined || sender.origin + "/" === origin;
}
