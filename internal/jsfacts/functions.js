// marketplaceFromHost maps "www.amazon.co.jp" (or "smile.amazon.com") to
// its code, or "" for any other host. Only exact hosts or subdomains count:
// "amazon.co.jp.evil.example" is not Amazon.
function marketplaceFromHost(host) {
  if (typeof host !== "string") return "";
  const h = host.toLowerCase().replace(/\.$/, "");
  for (const [code, m] of Object.entries(MARKETPLACES)) {
    const bare = m.host.slice("www.".length);
    if (h === bare || h.endsWith("." + bare)) return code;
  }
  return "";
}

// resolveLanguage picks the language the shopper is answered in: the
// setting when it names one of LANGUAGES; else the marketplace's own
// language when there are sentences in it and it is not the fallback
// (Japanese on amazon.co.jp, even with an English browser); else the
// browser's interface language when there are sentences in it; else the
// fallback.
function resolveLanguage(setting, marketplace, uiLanguage) {
  if (LANGUAGES.includes(setting)) return setting;
  const own = Object.hasOwn(MARKETPLACES, marketplace) ? MARKETPLACES[marketplace].lang : "";
  if (own !== FALLBACK_LANGUAGE && LANGUAGES.includes(own)) return own;
  const ui = String(uiLanguage || "").toLowerCase().split(/[-_]/)[0];
  return LANGUAGES.includes(ui) ? ui : FALLBACK_LANGUAGE;
}
