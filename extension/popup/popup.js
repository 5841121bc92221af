// The toolbar popup: the current tab's verdict (stored by the worker in
// session storage) and the 2-step verification reminder.

import { loadSettings } from "../lib/settings.js";
import { loadCatalogue, localize, message, resolveLanguage } from "../lib/i18n.js";
import { LEVEL_COLORS, level } from "../lib/format.js";
import { marketplaceFromURL, twoStepURL } from "../lib/marketplaces.js";
import { sameProduct } from "../lib/check.js";
import { LAST_MARKETPLACE, TWO_STEP, tabKey } from "../lib/keys.js";

const $ = (id) => document.getElementById(id);
// content/badge.js, loaded before this module, draws the badge on Amazon's
// pages; the popup shows the verdict in the same card, colours and order.
// (badge.js reads its facts from content/selectors.js, loaded before it.)
const badge = globalThis.mikiwameBadge;

// adoptBadgeStyle applies the badge's style sheet to the popup; its :host
// rule matches nothing outside a shadow root.
function adoptBadgeStyle() {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(badge.CSS);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

// paint colours the card for lvl with the badge's colours.
function paint(lvl) {
  $("verdict-box").style.setProperty("--c", LEVEL_COLORS[lvl].color);
  $("verdict-box").style.setProperty("--bg", LEVEL_COLORS[lvl].background);
  $("level").dataset.level = lvl;
}

async function main() {
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  const key = tab ? tabKey(tab.id) : "";
  const [settings, session, stored] = await Promise.all([
    loadSettings(chrome.storage.local),
    key ? chrome.storage.session.get(key) : {},
    chrome.storage.local.get([TWO_STEP, LAST_MARKETPLACE]),
  ]);
  // The verdict kept for the tab is shown only while the tab still shows
  // that product (tab.url is known for Amazon pages, which the manifest
  // grants): after the shopper moves on it would describe another page.
  const verdict = tab && session[key] && sameProduct(tab.url, session[key].url) ? session[key] : null;
  // The 2-step reminder is for the Amazon in front, else the last one used.
  const marketplace = marketplaceFromURL(tab && tab.url) || (verdict && verdict.marketplace) || stored[LAST_MARKETPLACE] || "";
  const lang = resolveLanguage(settings.language, marketplace, chrome.i18n.getUILanguage());
  document.documentElement.lang = lang;
  const cat = await loadCatalogue(lang);
  localize(document, cat);
  adoptBadgeStyle();

  if (verdict && verdict.ok === false) {
    showFailure(cat);
  } else if (verdict && verdict.explanation) {
    showVerdict(cat, verdict);
  } else {
    $("no-verdict").hidden = false;
  }

  const mp = marketplace || "JP";
  const twoStep = (stored[TWO_STEP] || {})[mp];
  const state = twoStep ? twoStep.state : "unknown";
  $("twostep-state").dataset.state = state;
  $("twostep-state").textContent = message(cat, "twostep_" + state);
  $("twostep-link").href = twoStepURL(mp);
  $("options").addEventListener("click", (e) => {
    e.preventDefault();
    chrome.runtime.openOptionsPage();
  });
}

// showFailure is for a page the worker could not check at all.
function showFailure(cat) {
  $("verdict-box").hidden = false;
  paint("unknown");
  $("level").textContent = message(cat, "ui_error");
}

function showVerdict(cat, v) {
  const ex = v.explanation;
  $("verdict-box").hidden = false;
  paint(level(v.level));
  $("level").textContent = ex.title || "";
  $("summary").textContent = ex.summary || "";
  $("seller").textContent = v.sellerName ? message(cat, "ui_seller", [v.sellerName]) : "";
  // The popup has room for every reason: none is folded here.
  $("reasons").replaceChildren(...badge.reasonItems(document, Array.isArray(ex.reasons) ? ex.reasons : []));
  const notes = [];
  if (v.apiReachable === false) notes.push(message(cat, "ui_page_only"));
  if (v.sellerData === "unavailable") notes.push(message(cat, "ui_seller_unavailable"));
  $("note").hidden = notes.length === 0;
  $("note").textContent = notes.join(" ");
}

main().catch((e) => {
  console.error("mikiwame popup:", e);
});
