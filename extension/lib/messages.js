// Every message the service worker accepts, in one table: who may send it,
// what a well-formed one looks like, and what answers it. The dispatcher
// built from the table is the worker's one message listener: a message is
// handled only if its type is listed for where it came from and every
// argument has the expected type and size; anything else, and any failure
// of a handler, is answered {ok:false, error}, so a sender always hears back.

import { marketplaceFromURL, MARKETPLACE_CODES } from "./marketplaces.js";
import { REPORT_NOTE_MAX, REPORT_REASONS } from "./facts.js";
import { check, checkOffers, sameProduct } from "./check.js";
import { report } from "./report.js";
import { API, forgetBuckets } from "./api.js";
import { loadSettings } from "./settings.js";
import { loadBuild } from "./build.js";
import { loadCatalogue, resolveLanguage, strings } from "./i18n.js";
import { toolbarBadge } from "./format.js";
import { LAST_MARKETPLACE, TWO_STEP, WARM, reportKey, tabKey, uiKey } from "./keys.js";

export const MAX_FRAGMENT = 2 * 1024 * 1024; // chars; fragments are a few kB
export const MAX_URL = 4096;
export const TWO_STEP_STATES = Object.freeze(["on", "off", "unknown"]);
// A report frame may be filled in for this long after the shopper clicked
// "report" on the badge.
export const REPORT_WINDOW_MS = 30 * 60_000;

// Who may send a message: a content script on an Amazon page, one of the
// extension's own pages (popup, options), or the extension's report frame
// (report/report.html) inside an Amazon tab.
export const FROM = Object.freeze({ CONTENT: "content", PAGE: "page", FRAME: "frame" });

const isString = (v, max) => typeof v === "string" && v.length > 0 && v.length <= max;

// Each validator returns "" when the message is well formed, or what is
// wrong with it.
function pageMessage(m) {
  if (!isString(m.url, MAX_URL) || !marketplaceFromURL(m.url)) return "url must be an https Amazon page";
  if (typeof m.fragment !== "string" || m.fragment.length > MAX_FRAGMENT) return "fragment must be a string of at most 2 MiB";
  // id ties the pending page-only result sent to the tab to this check.
  if (m.id !== undefined && (!Number.isSafeInteger(m.id) || m.id < 0)) return "id must be a whole number";
  return "";
}

// A report names only what the shopper chose: the seller and product are
// the ones the worker read for the tab, never the sender's.
function reportMessage(m) {
  for (const k of ["marketplace", "sellerId", "asin"]) if (k in m) return `${k} is not taken from the sender`;
  if (!Array.isArray(m.reasons) || m.reasons.length === 0 || m.reasons.length > REPORT_REASONS.length) return "reasons must list at least one reason";
  if (!m.reasons.every((r) => REPORT_REASONS.includes(r))) return "reasons must be among " + REPORT_REASONS.join(", ");
  if (new Set(m.reasons).size !== m.reasons.length) return "reasons must not repeat";
  if (m.note !== undefined && (typeof m.note !== "string" || m.note.length > REPORT_NOTE_MAX)) return `note must be at most ${REPORT_NOTE_MAX} characters`;
  return "";
}

function twoStepMessage(m) {
  if (!MARKETPLACE_CODES.includes(m.marketplace)) return "marketplace must be a known code";
  if (!TWO_STEP_STATES.includes(m.state)) return "state must be on, off or unknown";
  return "";
}

const noArguments = () => "";

// MESSAGES: type → {from, validate(msg), handle(w, msg, sender)}. w is the
// worker: {local, session, caches, throttle, loadChecker, fetch,
// uiLanguage(), sendToTab(tabId, msg, frameId), setToolbar(tabId, badge),
// openOptions(), checkerLoads()}.
// Handlers resolve to the answer.
export const MESSAGES = Object.freeze({
  check: { from: FROM.CONTENT, validate: pageMessage, handle: handleCheck },
  checkOffers: { from: FROM.CONTENT, validate: pageMessage, handle: async (w, msg) => checkOffers(await depsFor(w, msg.url), msg) },
  // A report takes three steps, so no page script can file one: the
  // badge's button (a trusted click, in a closed shadow root) asks for the
  // report frame; the frame, an extension page, shows the form; its send
  // button files the report for the seller the worker kept for the tab.
  reportOpen: { from: FROM.CONTENT, validate: noArguments, handle: handleReportOpen },
  reportForm: { from: FROM.FRAME, validate: noArguments, handle: handleReportForm },
  report: { from: FROM.FRAME, validate: reportMessage, handle: handleReport },
  reportCancel: { from: FROM.FRAME, validate: noArguments, handle: (w, msg, sender) => closeReport(w, sender, "") },
  twostep: { from: FROM.CONTENT, validate: twoStepMessage, handle: handleTwoStep },
  // The badge's "Open Settings", when the API could not be reached.
  openOptions: {
    from: FROM.CONTENT,
    validate: noArguments,
    handle: async (w) => {
      await w.openOptions();
      return { ok: true };
    },
  },
  // What the worker did to be fast: the last warm-up (lib/warmup.js) and
  // how often this worker started the checker.
  status: {
    from: FROM.PAGE,
    validate: noArguments,
    handle: async (w) => ({
      ok: true,
      warm: (await w.session.get(WARM))[WARM] || null,
      checkerLoads: w.checkerLoads ? w.checkerLoads() : 0,
      checkTimes: w.checkTimes ? w.checkTimes() : [],
    }),
  },
  // It clears the seller, API and price-observation caches; not the
  // settings, nor the list of sellers already reported.
  clearCaches: {
    from: FROM.PAGE,
    validate: noArguments,
    handle: async (w) => {
      forgetBuckets();
      await Promise.all([w.caches.seller.clear(), w.caches.api.clear(), w.caches.observed.clear()]);
      return { ok: true };
    },
  },
});

// validate returns {ok:true, from} or {ok:false, error}. self is {id,
// origin}: the extension's ID and its chrome-extension:// origin.
export function validate(messages, msg, sender, self) {
  if (!sender || sender.id !== self.id) return { ok: false, error: "message from another extension" };
  if (msg === null || typeof msg !== "object" || Array.isArray(msg)) return { ok: false, error: "message must be an object" };
  if (typeof msg.type !== "string") return { ok: false, error: "message has no type" };
  // Where a message comes from is told by the sending frame's URL, not by
  // whether it has a tab: the options page opens in a tab of its own.
  const from = isExtensionPage(sender, self.origin) ? (isFrame(sender) ? FROM.FRAME : FROM.PAGE) : FROM.CONTENT;
  const kind = Object.hasOwn(messages, msg.type) ? messages[msg.type] : null;
  if (!kind || kind.from !== from) return { ok: false, error: `unknown message type ${JSON.stringify(msg.type).slice(0, 40)}` };
  if (from === FROM.CONTENT) {
    const senderURL = sender.url || (sender.tab && sender.tab.url) || "";
    if (!sender.tab || !marketplaceFromURL(senderURL)) return { ok: false, error: "content message from a page that is not Amazon" };
  }
  if (from === FROM.FRAME && !marketplaceFromURL(sender.tab.url)) return { ok: false, error: "report frame in a tab that is not Amazon" };
  const problem = kind.validate(msg);
  if (problem) return { ok: false, error: `${msg.type}: ${problem}` };
  return { ok: true, from };
}

// isExtensionPage reports whether sender is one of the extension's own
// pages (popup, options), in a tab or not. sender.origin, where Chrome
// gives it, must agree with the URL.
function isExtensionPage(sender, origin) {
  if (typeof sender.url !== "string" || !sender.url.startsWith(origin)) return false;
  return sender.origin === undefined || sender.origin + "/" === origin;
}

// isFrame reports whether an extension page sender is the report frame: a
// sub-frame of a tab (the options page is a tab's top frame, the popup has
// no tab).
function isFrame(sender) {
  return Boolean(sender.tab) && Number.isInteger(sender.frameId) && sender.frameId > 0 && new URL(sender.url).pathname === "/report/report.html";
}

// dispatcher returns the one message listener for messages and worker w.
// It is not async: it returns true to keep the channel open and answers
// through sendResponse when done.
export function dispatcher(messages, w, self) {
  return function dispatch(msg, sender, sendResponse) {
    const v = validate(messages, msg, sender, self);
    if (!v.ok) {
      console.warn("mikiwame: dropped a message:", v.error);
      sendResponse({ ok: false, error: v.error });
      return false;
    }
    // A handler that throws before its first await still gets an answer out.
    new Promise((resolve) => resolve(messages[msg.type].handle(w, msg, sender))).then(sendResponse, (e) => {
      console.error(`mikiwame: ${msg.type} failed:`, e);
      sendResponse({ ok: false, error: String((e && e.message) || e) });
    });
    return true;
  };
}

async function depsFor(w, url, { checker = true } = {}) {
  const settings = await loadSettings(w.local, await loadBuild());
  const lang = resolveLanguage(settings.language, marketplaceFromURL(url), w.uiLanguage());
  return {
    checker: checker ? await w.loadChecker() : null,
    // No address is "no server": no API client, nothing sent.
    api: settings.apiURL ? new API({ baseURL: settings.apiURL, area: w.local }) : null,
    caches: w.caches,
    throttle: w.throttle,
    fetch: w.fetch,
    settings,
    lang,
    now: Date.now,
  };
}

async function handleCheck(w, msg, sender) {
  const deps = await depsFor(w, msg.url, { checker: false });
  const ui = strings(await loadCatalogue(deps.lang), ["ui_", "report_"]);
  let result;
  try {
    deps.checker = await w.loadChecker();
    // The page-only verdict goes to the tab at once, marked pending, while
    // the seller's pages load; the final answer is the reply.
    deps.onInterim = (interim) => {
      interim.ui = ui;
      w.sendToTab(sender.tab.id, { type: "interim", id: msg.id, result: interim }, sender.frameId || 0).catch(() => {});
    };
    result = await check(deps, msg);
  } catch (e) {
    // A checker that failed to load or threw: the badge and the toolbar
    // say "could not check" in the shopper's language, not nothing.
    console.error("mikiwame: check failed:", e);
    result = { ok: false, level: "unknown", error: String((e && e.message) || e), marketplace: marketplaceFromURL(msg.url), lang: deps.lang };
  }
  result.ui = ui;
  keepPendingStrings(w, deps.lang, ui);
  // The toolbar and the popup are extras: a tab that went away (or a
  // prerendered page with no tab yet) must not cost the page its verdict.
  await remember(w, sender.tab.id, msg.url, result).catch((e) => console.warn("mikiwame: toolbar not updated:", String((e && e.message) || e)));
  return result;
}

// handleReportOpen keeps, for the tab, the seller the worker read for the
// product the tab shows, if there is one to report.
async function handleReportOpen(w, msg, sender) {
  const key = tabKey(sender.tab.id);
  const v = (await w.session.get(key))[key];
  if (!v || !v.reportable || !sameProduct(v.url, sender.url || sender.tab.url)) return { ok: false, code: "NO_SELLER", error: "no seller to report on this page" };
  if (v.reported) return { ok: false, code: "ALREADY_REPORTED", error: "you already reported this seller" };
  const what = { marketplace: v.marketplace, sellerId: v.sellerId, asin: v.asin, sellerName: v.sellerName, url: v.url, lang: v.lang, frameId: sender.frameId || 0, at: Date.now() };
  await w.session.set({ [reportKey(sender.tab.id)]: what });
  return { ok: true };
}

// openReportFor returns what the tab's report frame may report, or null
// when the shopper did not open one (lately) or the tab moved on.
async function openReportFor(w, sender) {
  const key = reportKey(sender.tab.id);
  const r = (await w.session.get(key))[key];
  if (!r || Date.now() - r.at > REPORT_WINDOW_MS || !sameProduct(r.url, sender.tab.url)) return null;
  return r;
}

async function handleReportForm(w, msg, sender) {
  const r = await openReportFor(w, sender);
  if (!r) return { ok: false, code: "NO_SELLER", error: "no report was opened in this tab" };
  return { ok: true, lang: r.lang, sellerName: r.sellerName || "", reasons: REPORT_REASONS, noteMax: REPORT_NOTE_MAX };
}

async function handleReport(w, msg, sender) {
  const r = await openReportFor(w, sender);
  if (!r) return { ok: false, code: "NO_SELLER", error: "no report was opened in this tab" };
  const body = { marketplace: r.marketplace, sellerId: r.sellerId, reasons: msg.reasons };
  if (r.asin) body.asin = r.asin;
  if (msg.note !== undefined) body.note = msg.note;
  const res = await report(await depsFor(w, "", { checker: false }), body);
  if (res.ok || res.code === "ALREADY_REPORTED") {
    const key = tabKey(sender.tab.id);
    const v = (await w.session.get(key))[key];
    if (v && v.sellerId === r.sellerId) await w.session.set({ [key]: { ...v, reported: true } });
    await closeReport(w, sender, res.ok ? "sent" : "already");
  }
  return res;
}

// closeReport forgets the tab's open report (one report per click) and
// tells the badge to close the frame with result ("sent", "already", or ""
// for cancelled).
async function closeReport(w, sender, result) {
  const key = reportKey(sender.tab.id);
  const r = (await w.session.get(key))[key];
  await w.session.remove(key);
  await w.sendToTab(sender.tab.id, { type: "reportStatus", result }, (r && r.frameId) || 0).catch(() => {});
  return { ok: true };
}

async function handleTwoStep(w, msg) {
  const got = await w.local.get(TWO_STEP);
  const all = (got && got[TWO_STEP]) || {};
  // "unknown" (a page still loading, a sign-in bounce) does not erase
  // what an earlier visit saw.
  if (msg.state !== "unknown" || !all[msg.marketplace]) all[msg.marketplace] = { state: msg.state, at: Date.now() };
  await w.local.set({ [TWO_STEP]: all, [LAST_MARKETPLACE]: msg.marketplace });
  return { ok: true };
}

// keepPendingStrings stores the "checking" line in lang once per worker
// life, for content.js to show before the worker answers (it cannot read
// another language's catalogue itself).
const pendingKept = new Set();
function keepPendingStrings(w, lang, ui) {
  if (pendingKept.has(lang) || typeof ui.ui_checking !== "string") return;
  pendingKept.add(lang);
  w.local.set({ [uiKey(lang)]: { ui_checking: ui.ui_checking } }).catch(() => pendingKept.delete(lang));
}

// remember sets the toolbar badge of the tab and keeps the verdict for the
// popup in session storage (gone when the browser closes).
async function remember(w, tabId, url, r) {
  await Promise.all([
    w.setToolbar(tabId, toolbarBadge(r.level)),
    w.session.set({
      [tabKey(tabId)]: {
        url,
        ok: r.ok !== false,
        level: r.level,
        explanation: r.explanation,
        sellerName: r.sellerName,
        apiReachable: r.apiReachable,
        apiURL: r.apiURL,
        noServer: r.noServer === true,
        sellerData: r.sellerData,
        sellerWhy: r.sellerWhy,
        profileURL: r.profileURL,
        marketplace: r.marketplace,
        // What a report from this tab is about: what the worker read.
        sellerId: r.sellerId || "",
        asin: r.asin || "",
        reportable: r.reportable === true,
        reported: r.reported === true,
        lang: r.lang,
        at: Date.now(),
      },
    }),
    r.marketplace ? w.local.set({ [LAST_MARKETPLACE]: r.marketplace }) : null,
  ]);
}
