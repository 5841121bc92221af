// UI strings in the shopper's chosen language. chrome.i18n.getMessage only
// knows the browser's language, and the options page lets the shopper pick
// another, so the catalogue is read from _locales/<lang>/messages.json.
// Verdict sentences do not come from here: the wasm checker writes them
// (one source of truth, shared with the CLI). Which language the shopper
// gets is resolveLanguage's rule, generated into lib/facts.js so the content
// script follows the same one.

import { FALLBACK_LANGUAGE, LANGUAGES, resolveLanguage } from "./facts.js";
import { ext } from "./browser.js";

export { LANGUAGES as SUPPORTED, resolveLanguage };

const loaded = new Map(); // lang → Promise<catalogue>; the files never change at run time

// loadCatalogue fetches and parses _locales/<lang>/messages.json.
export function loadCatalogue(lang, { getURL = (p) => ext.runtime.getURL(p), fetch = globalThis.fetch.bind(globalThis) } = {}) {
  if (!LANGUAGES.includes(lang)) lang = FALLBACK_LANGUAGE;
  if (!loaded.has(lang)) {
    const p = fetch(getURL(`_locales/${lang}/messages.json`))
      .then((r) => {
        if (!r.ok) throw new Error(`messages for ${lang}: HTTP ${r.status}`);
        return r.json();
      })
      .catch((e) => {
        loaded.delete(lang);
        throw e;
      });
    loaded.set(lang, p);
  }
  return loaded.get(lang);
}

// message formats catalogue[key] the way chrome.i18n.getMessage does:
// named placeholders ($NAME$) map to their content, $1…$9 to substitutions (left as they are when not given),
// $$ is a dollar sign. A missing key gives the key itself, visibly wrong
// but never blank.
export function message(catalogue, key, substitutions = []) {
  const entry = catalogue && catalogue[key];
  if (!entry || typeof entry.message !== "string") return key;
  const subs = [].concat(substitutions).map(String);
  const placeholders = entry.placeholders || {};
  let text = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name) => {
    const p = placeholders[name.toLowerCase()];
    return p && typeof p.content === "string" ? p.content : whole;
  });
  text = text.replace(/\$(\$|[1-9])/g, (whole, d) => (d === "$" ? "$" : subs[Number(d) - 1] ?? whole));
  return text;
}

// strings returns {key: text} for every key with one of the prefixes,
// formatted; handy to hand a content script all it needs at once.
export function strings(catalogue, prefixes) {
  const out = {};
  for (const key of Object.keys(catalogue || {})) {
    if (prefixes.some((p) => key.startsWith(p))) out[key] = message(catalogue, key);
  }
  return out;
}

// localize fills every element of root with data-i18n (the key; sets textContent)
// and data-i18n-attr ("attr:key"; sets an attribute) from catalogue.
export function localize(root, catalogue) {
  for (const el of root.querySelectorAll("[data-i18n]")) {
    el.textContent = message(catalogue, el.dataset.i18n);
  }
  for (const el of root.querySelectorAll("[data-i18n-attr]")) {
    const [attr, key] = el.dataset.i18nAttr.split(":");
    el.setAttribute(attr, message(catalogue, key));
  }
}
