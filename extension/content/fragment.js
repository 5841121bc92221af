// Builds the small HTML fragment the content script sends to the checker:
// the outerHTML of the offer regions, never the whole 1.5 MB page. Classic
// script (static content scripts cannot be modules); it shares its helpers
// with the other content scripts through one global.
"use strict";

(function () {
  // Our own host elements; they are removed from anything we send, so the
  // badge never feeds back into the fragment it was made from.
  const OWN = "#mikiwame-badge, .mikiwame-offer-badge";

  function escapeHTML(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  // What a copy leaves out: amazon.FragmentDropTags and amazon.FragmentAttrs,
  // generated into selectors.js (loaded first), so amazon.Fragment in Go
  // builds the same fragment from a saved page.
  const DROP = globalThis.MIKIWAME_FRAGMENT_DROP_TAGS.join(", ");
  const KEEP = new Set(globalThis.MIKIWAME_FRAGMENT_ATTRS);
  const SPACES = /[ \t\n\r\f]+/g;
  const TWO_SPACES = /[\t\n\r\f]| {2}/;

  // The copies are made in a document with no window: a copy in the page's
  // own document would fetch its images again, so a tracking pixel in the
  // buy box would count every check.
  let inert = null;

  // strippedHTML is the outerHTML of a copy of el without our own badges,
  // the dropped elements, comments and attributes the checker never reads,
  // runs of ASCII whitespace made one space: scripts, styles and image
  // attributes are most of a buy box's bytes.
  function strippedHTML(el) {
    if (!inert) inert = document.implementation.createHTMLDocument("");
    const copy = inert.importNode(el, true);
    const drop = DROP ? `${OWN}, ${DROP}` : OWN;
    for (const x of copy.querySelectorAll(drop)) x.remove();
    for (const e of [copy, ...copy.querySelectorAll("*")]) {
      for (let i = e.attributes.length - 1; i >= 0; i--) {
        const name = e.attributes[i].name;
        if (!KEEP.has(name)) e.removeAttribute(name);
      }
    }
    const comments = [];
    const walker = copy.ownerDocument.createTreeWalker(copy, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_COMMENT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.nodeType === Node.COMMENT_NODE) comments.push(n);
      else if (TWO_SPACES.test(n.data)) n.data = n.data.replace(SPACES, " ");
    }
    for (const c of comments) c.remove();
    return copy.outerHTML;
  }

  function wrap(title, parts) {
    return `<html><head><title>${escapeHTML(title)}</title></head><body>${parts.join("")}</body></html>`;
  }

  // build returns {html, count}: the stripped outerHTML of every element
  // matching one of selectors, in document order, skipping an element inside
  // one already taken, wrapped in a document with the page's title. Selectors
  // are tried one by one so a single unsupported one cannot void the rest.
  function build(doc, selectors) {
    const found = new Set();
    for (const sel of selectors) {
      try {
        for (const el of doc.querySelectorAll(sel)) found.add(el);
      } catch {
        // a selector this browser does not support
      }
    }
    const ordered = [...found].sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    const taken = [];
    const parts = [];
    for (const el of ordered) {
      if (el.closest(OWN) || taken.some((t) => t.contains(el))) continue;
      taken.push(el);
      parts.push(strippedHTML(el));
    }
    return { html: wrap(doc.title || "", parts), count: taken.length };
  }

  // offersPanel returns the all-offers panel element, or null when closed.
  function offersPanel(doc) {
    return doc.querySelector("#aod-container") || doc.querySelector("#all-offers-display");
  }

  // buildOffers wraps the all-offers panel the same way, or "" when closed.
  function buildOffers(doc) {
    const panel = offersPanel(doc);
    return panel ? wrap(doc.title || "", [strippedHTML(panel)]) : "";
  }

  // debounce calls f once, ms after the last of a burst of calls, and at
  // least every maxMs while calls keep coming (Amazon pages mutate all the
  // time: carousels, timers), so a variant switch is never starved.
  function debounce(f, ms, maxMs = Infinity) {
    let timer = 0;
    let first = 0;
    return function (...args) {
      clearTimeout(timer);
      const now = Date.now();
      if (!first) first = now;
      const wait = Math.max(0, Math.min(ms, first + maxMs - now));
      timer = setTimeout(() => {
        first = 0;
        f.apply(this, args);
      }, wait);
    };
  }

  globalThis.mikiwameFragment = { build, buildOffers, offersPanel, escapeHTML, debounce, OWN };
})();
