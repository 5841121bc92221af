// On Amazon's 2-step verification settings page: note whether 2SV is on,
// off or unknown, so the popup can remind the shopper to turn it on. Only
// that one word and the marketplace leave the page.
"use strict";

(function () {
  const START_WORDS = ["get started", "開始する", "開始方法", "設定を開始", "jetzt starten", "commencer", "comenzar", "inizia"];

  function state(doc) {
    if (doc.querySelector("#disable-button")) return "on";
    const controls = doc.querySelectorAll("a, button, input[type=submit], span.a-button-text");
    for (const c of controls) {
      const text = (c.textContent || c.value || "").trim().toLowerCase();
      if (START_WORDS.some((w) => text.includes(w))) return "off";
    }
    return "unknown";
  }

  const hosts = { "amazon.co.jp": "JP", "amazon.com": "US", "amazon.co.uk": "UK", "amazon.de": "DE", "amazon.fr": "FR", "amazon.es": "ES", "amazon.it": "IT", "amazon.ca": "CA" };
  const host = location.hostname.replace(/^www\./, "");
  const marketplace = hosts[host];
  if (!marketplace) return;

  let sent = "";
  function report() {
    const s = state(document);
    if (s === sent) return;
    sent = s;
    chrome.runtime.sendMessage({ type: "twostep", marketplace, state: s }).catch(() => {});
  }
  report();
  // The page may finish rendering its buttons after we run.
  setTimeout(report, 1500);
})();
