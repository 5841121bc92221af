// The toolbar popup: the current tab's verdict (stored by the worker in
// session storage) and the 2-step verification reminder.

import { loadSettings } from "../lib/settings.js";
import { loadBuild } from "../lib/build.js";
import { loadCatalogue, localize, message, resolveLanguage } from "../lib/i18n.js";
import { LEVEL_COLORS, level } from "../lib/format.js";
import { marketplaceFromURL, twoStepURL } from "../lib/marketplaces.js";
import { sameProduct } from "../lib/check.js";
import { LAST_MARKETPLACE, TWO_STEP, tabKey } from "../lib/keys.js";
import { ext } from "../lib/browser.js";

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
  const [tab] = await ext.tabs.query({ active: true, currentWindow: true });
  const key = tab ? tabKey(tab.id) : "";
  const build = await loadBuild();
  const [settings, session, stored] = await Promise.all([
    loadSettings(ext.storage.local, build),
    key ? ext.storage.session.get(key) : {},
    ext.storage.local.get([TWO_STEP, LAST_MARKETPLACE]),
  ]);
  // The verdict kept for the tab is shown only while the tab still shows
  // that product (tab.url is known for Amazon pages, which the manifest
  // grants): after the shopper moves on it would describe another page.
  const verdict = tab && session[key] && sameProduct(tab.url, session[key].url) ? session[key] : null;
  // The 2-step reminder is for the Amazon in front, else the last one used.
  const marketplace = marketplaceFromURL(tab && tab.url) || (verdict && verdict.marketplace) || stored[LAST_MARKETPLACE] || "";
  // One language for the whole view: the verdict's sentences come from the
  // worker in its language (whose UI language may differ from this page's),
  // so when there is a verdict everything else follows it.
  const lang = verdict && verdict.lang ? verdict.lang : resolveLanguage(settings.language, marketplace, ext.i18n.getUILanguage());
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
  for (const id of ["options", "fix-options"]) {
    $(id).addEventListener("click", (e) => {
      e.preventDefault();
      ext.runtime.openOptionsPage();
    });
  }
  $("version").textContent = message(cat, "popup_version", [build.version || ext.runtime.getManifest().version]);
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
  // What limits the verdict is said once, on top, with why and the way
  // to the profile; the reason saying the same is left out of the list.
  const caveat = v.sellerData === "unavailable";
  const reasons = (Array.isArray(ex.reasons) ? ex.reasons : []).filter((r) => !(caveat && r && r.code === "SELLER_PROFILE_UNAVAILABLE"));
  if (caveat) {
    const why = ["captcha", "not-found", "timeout", "failed"].includes(v.sellerWhy) ? v.sellerWhy : "failed";
    $("caveat").hidden = false;
    $("caveat").dataset.why = why;
    $("caveat-text").textContent = message(cat, "ui_caveat_" + why.replace("-", "_"));
    if (isProfileURL(v.profileURL, v.url)) {
      $("profile-link").href = v.profileURL;
      $("profile-link").hidden = false;
    }
  }
  // The popup has room for every reason: none is folded here.
  $("reasons").replaceChildren(...badge.reasonItems(document, reasons));
  $("note").hidden = v.apiReachable !== false && !v.noServer;
  if (v.noServer) $("note-text").textContent = message(cat, "ui_no_server");
  else if (v.apiReachable === false) {
    $("note-text").textContent = message(cat, "ui_page_only") + (v.apiURL ? " " + message(cat, "ui_api_fix", [v.apiURL]) : "");
  }
}

// isProfileURL says whether url is a seller profile on the host of the
// product page pageURL.
function isProfileURL(url, pageURL) {
  try {
    const u = new URL(url);
    return u.protocol === "https:" && u.host === new URL(pageURL).host && u.pathname === "/sp";
  } catch {
    return false;
  }
}

main().catch((e) => {
  console.error("mikiwame popup:", e);
});
