// The options page: API address (with the optional host permission a
// non-local one needs), price sharing (off unless the shopper opts in),
// language, and clearing the caches.

import { checkAPIURL, loadSettings, permissionPattern, saveSettings } from "../lib/settings.js";
import { loadCatalogue, localize, message, resolveLanguage } from "../lib/i18n.js";

const $ = (id) => document.getElementById(id);
let cat = {};

async function render() {
  const s = await loadSettings(chrome.storage.local);
  const lang = resolveLanguage(s.language, "", chrome.i18n.getUILanguage());
  document.documentElement.lang = lang;
  cat = await loadCatalogue(lang);
  localize(document, cat);
  $("api").value = s.apiURL;
  $("share").checked = s.sharePrices;
  $("language").value = s.language;
}

async function save(e) {
  e.preventDefault();
  $("saved").textContent = "";
  const err = $("api-error");
  err.hidden = true;
  const api = checkAPIURL($("api").value);
  if (!api.ok) {
    err.textContent = message(cat, "options_api_invalid");
    err.hidden = false;
    return;
  }
  if (!api.local) {
    // Must run in the click's user gesture, before any other await.
    const granted = await chrome.permissions.request({ origins: [permissionPattern(api.url)] });
    if (!granted) {
      err.textContent = message(cat, "options_api_denied");
      err.hidden = false;
      return;
    }
  }
  await saveSettings(chrome.storage.local, { apiURL: api.url, sharePrices: $("share").checked, language: $("language").value });
  await render();
  $("saved").textContent = message(cat, "options_saved");
}

async function clear() {
  const res = await chrome.runtime.sendMessage({ type: "clearCaches" });
  $("cleared").textContent = res && res.ok ? message(cat, "options_cleared") : String((res && res.error) || "");
}

$("form").addEventListener("submit", save);
$("clear").addEventListener("click", clear);
render().catch((e) => console.error("mikiwame options:", e));
