// The options page: API address (with the optional host permission a
// non-local one needs; empty for no server), price sharing (off unless the
// shopper opts in), language, what leaves the browser, and clearing the
// caches.

import { NO_SERVER, checkAPIURL, loadSettings, permissionPattern, saveSettings } from "../lib/settings.js";
import { loadCatalogue, localize, message, resolveLanguage } from "../lib/i18n.js";
import { loadBuild } from "../lib/build.js";
import { ext } from "../lib/browser.js";

const $ = (id) => document.getElementById(id);
let cat = {};

async function render() {
  const build = await loadBuild();
  const s = await loadSettings(ext.storage.local, build);
  const lang = resolveLanguage(s.language, "", ext.i18n.getUILanguage());
  document.documentElement.lang = lang;
  cat = await loadCatalogue(lang);
  localize(document, cat);
  $("api").value = s.apiURL;
  $("share").checked = s.sharePrices;
  $("language").value = s.language;
  $("version").textContent = message(cat, "popup_version", [build.version || ext.runtime.getManifest().version]);
}

async function save(e) {
  e.preventDefault();
  $("saved").textContent = "";
  const err = $("api-error");
  err.hidden = true;
  // First, while the click's user gesture lasts: the permission prompt.
  const apiURL = await chosenAPI(err);
  if (apiURL === null) return;
  await saveSettings(ext.storage.local, { apiURL, sharePrices: $("share").checked, language: $("language").value });
  await render();
  $("saved").textContent = message(cat, "options_saved");
}

// chosenAPI is the address to save: NO_SERVER for an empty field (nothing
// to ask permission for, nothing will be sent), else a valid address the
// shopper granted; null, with the reason shown in err, otherwise. It must
// run before any other await of the click: permissions.request needs the
// user gesture.
async function chosenAPI(err) {
  if ($("api").value.trim() === "") return NO_SERVER;
  const api = checkAPIURL($("api").value);
  if (!api.ok) {
    err.textContent = message(cat, "options_api_invalid");
    err.hidden = false;
    return null;
  }
  if (!api.local && !(await ext.permissions.request({ origins: [permissionPattern(api.url)] }))) {
    // Must run in the click's user gesture, before any other await.
    err.textContent = message(cat, "options_api_denied");
    err.hidden = false;
    return null;
  }
  return api.url;
}

async function clear() {
  let res;
  try {
    res = await ext.runtime.sendMessage({ type: "clearCaches" });
  } catch (e) {
    res = { ok: false, error: String((e && e.message) || e) };
  }
  // The worker's error is for developers, in English: it goes to the
  // console, the shopper gets a sentence in their language.
  if (!(res && res.ok)) console.error("mikiwame options: clearing caches failed:", res && res.error);
  $("cleared").textContent = res && res.ok ? message(cat, "options_cleared") : message(cat, "options_clear_failed");
}

$("form").addEventListener("submit", save);
$("clear").addEventListener("click", clear);
render().catch((e) => console.error("mikiwame options:", e));
