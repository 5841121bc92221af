// The product-page content script: sends the offer fragment to the service
// worker, renders the verdict under the buy box, and checks again when the
// buy box changes (a variant switch) or the all-offers panel opens. It does
// no scoring and no network calls of its own.
"use strict";

(function () {
  if (window.top !== window || globalThis.mikiwameStarted) return;
  globalThis.mikiwameStarted = true;

  const { build, buildOffers, offersPanel, debounce, OWN } = globalThis.mikiwameFragment;
  const badge = globalThis.mikiwameBadge;
  const selectors = globalThis.MIKIWAME_FRAGMENT_SELECTORS;
  const { KEYS, LANGUAGES, marketplaceFromHost, resolveLanguage } = globalThis.MIKIWAME_FACTS;

  let lastFragment = "";
  let lastOffers = "";
  let seq = 0;
  let answered = 0; // the seq of the latest final answer shown
  let current = null; // the latest answer shown
  let shown = ""; // what the badge shows now, to skip needless re-renders
  let checking = false; // the badge shows only "checking", nothing from the worker yet

  async function send(msg) {
    try {
      const res = await chrome.runtime.sendMessage(msg);
      return res && typeof res === "object" ? res : { ok: false, error: "no answer from the extension" };
    } catch (e) {
      // The extension was reloaded or the worker failed; say so on the badge.
      return { ok: false, error: String((e && e.message) || e) };
    }
  }

  async function checkPage() {
    const { html } = build(document, selectors);
    if (html === lastFragment) return;
    lastFragment = html;
    const mine = ++seq;
    // Only the first check shows "checking"; later ones (a variant switch, a
    // delivery countdown ticking) keep the old verdict until the new one.
    if (!current) {
      badge.pending(document, chrome.i18n.getMessage("ui_checking") || "…");
      checking = true;
      checkingText().then((text) => {
        if (checking && !current && text) badge.pending(document, text);
      });
    }
    const res = await send({ type: "check", url: location.href, fragment: html, id: mine });
    if (mine !== seq) return; // a newer check started meanwhile
    answered = mine;
    if (!res.ok) console.warn("mikiwame: the check failed:", res.error);
    const key = JSON.stringify([res.ok, res.level, res.sellerId, res.explanation, res.apiReachable, res.sellerData, res.reported, res.error]);
    const host = badge.find(document);
    const formOpen = host && badge.reportOpen(document);
    if (host && (key === shown || (formOpen && res.sellerId === current.sellerId))) {
      current = res; // same verdict, or the shopper is writing a report: leave the badge be
      return;
    }
    current = res;
    shown = key;
    checking = false;
    badge.render(document, res, openReport, actions);
  }

  // checkingText is "checking" in the language the worker will answer in:
  // chrome.i18n only knows the browser's, but on amazon.co.jp (or with the
  // language set in the options) the verdict comes in another. The worker
  // keeps its last strings per language in storage for this; "" when it
  // has none yet or the browser's language is the right one. The language
  // rule is the worker's: resolveLanguage, generated for both.
  async function checkingText() {
    try {
      const got = await chrome.storage.local.get([KEYS.settings, ...LANGUAGES.map((l) => KEYS.ui + l)]);
      const setting = got[KEYS.settings] && got[KEYS.settings].language;
      const browser = String(chrome.i18n.getUILanguage() || "").toLowerCase().split(/[-_]/)[0];
      const lang = resolveLanguage(setting, marketplaceFromHost(location.hostname), browser);
      if (lang === browser) return "";
      const ui = got[KEYS.ui + lang];
      return ui && typeof ui.ui_checking === "string" ? ui.ui_checking : "";
    } catch {
      return "";
    }
  }

  // The worker sends the page-only verdict of a check as soon as it has it,
  // while the seller's pages load. It is shown, pending, only for the
  // latest check, before its final answer, and not over a verdict already
  // shown for the same seller or a report form being filled in.
  // The worker also says when the report frame is done with
  // ("reportStatus"): only the worker can send these, never the page.
  chrome.runtime.onMessage.addListener((msg, sender) => {
    if (sender.id !== chrome.runtime.id || !msg) return;
    if (msg.type === "reportStatus") {
      badge.reportDone(document, msg.result, current && current.ui);
      if (current && msg.result === "sent") current = { ...current, reported: true };
      return;
    }
    if (msg.type !== "interim") return;
    const res = msg.result;
    if (msg.id !== seq || answered >= msg.id || !res || !res.ok) return;
    const host = badge.find(document);
    if (host && badge.reportOpen(document)) return;
    if (current && current.sellerId && current.sellerId === res.sellerId && host) return;
    shown = ""; // the final answer must replace this
    checking = false;
    badge.interim(document, res);
  });

  // openReport asks the worker to open a report of the seller it read for
  // this tab; the badge calls it only on the shopper's own click. Nothing
  // about the seller goes from here: the worker kept it.
  function openReport() {
    return send({ type: "reportOpen" });
  }

  // Content scripts cannot open the options page themselves.
  const actions = { openOptions: () => send({ type: "openOptions" }) };

  async function checkOffers() {
    const html = buildOffers(document);
    if (!html || html === lastOffers) return;
    lastOffers = html;
    const res = await send({ type: "checkOffers", url: location.href, fragment: html });
    if (!res || !res.ok || html !== lastOffers) return;
    const panel = offersPanel(document);
    if (!panel) return;
    const elements = [...panel.querySelectorAll("#aod-pinned-offer, #aod-offer, .aod-offer")].filter(
      (e, i, all) => !all.some((o) => o !== e && o.contains(e)),
    );
    const title = (current && current.ui && current.ui.ui_offer_badge_title) || "";
    res.offers.forEach((offer, i) => {
      const target = elements.find((e) => offer.sellerId && sellerIdOf(e) === offer.sellerId) || elements[i];
      if (target) badge.offerBadge(document, target, offer, title, current && current.ui);
    });
  }

  // sellerIdOf reads the seller ID of one offer element of the panel.
  function sellerIdOf(offerEl) {
    const input = offerEl.querySelector("input[id^='aod-offer-soldBy-merchantID'], input[name='merchantID']");
    if (input && input.value) return input.value;
    const link = offerEl.querySelector("a[href*='seller=']");
    const m = link && /[?&]seller=([A-Z0-9]+)/.exec(link.getAttribute("href") || "");
    return m ? m[1] : "";
  }

  // Only mutations outside our own badges matter, or rendering would
  // trigger another check.
  const onChange = debounce(() => {
    if (current && !badge.find(document)) {
      // Amazon re-rendered the column our badge sat in: put it back.
      badge.render(document, current, openReport, actions);
    }
    checkPage();
    if (offersPanel(document)) checkOffers();
    else lastOffers = "";
  }, 600, 3000);
  new MutationObserver((records) => {
    const foreign = records.some((r) => {
      const t = r.target.nodeType === Node.ELEMENT_NODE ? r.target : r.target.parentElement;
      if (t && t.closest(OWN)) return false;
      const added = [...r.addedNodes, ...r.removedNodes];
      return added.length === 0 || added.some((n) => !(n.nodeType === Node.ELEMENT_NODE && n.matches(OWN)));
    });
    if (foreign) onChange();
  }).observe(document.body, { childList: true, subtree: true, characterData: true });

  checkPage();
})();
