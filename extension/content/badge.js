// Renders the verdict on the product page. Seller names and reasons may be
// written by fraudsters, so every string goes in through textContent; the
// only markup is built here with createElement. The badge lives in a shadow
// root so Amazon's CSS and ours cannot touch each other.
//
// DOM contract (the end-to-end tests rely on it; keep it stable):
//   host   <div id="mikiwame-badge" data-level="ok|caution|danger|unknown"
//               data-state="pending|done">   (data-level only when done)
//   shadow .mkw-title (level word), .mkw-summary, .mkw-reason[data-code]
//          [data-severity] per reason, .mkw-note[data-note="page-only"|
//          "seller-unavailable"|"seller-pending"], button.mkw-more[aria-expanded]
//          when reasons are folded (hidden), button.mkw-report (not when
//          Amazon sells), form.mkw-report-form
//          with input[name=reason][value=CODE] and textarea[name=note],
//          .mkw-report-status[data-result="sent"|"already"|"failed"|…]
//   offers <div class="mikiwame-offer-badge" data-level="…" data-seller-id>
//          in each offer of the all-offers panel, shadow .mkw-title.
// The shadow roots are "open" only so those tests (and assistive tools) can
// read them; closing them would protect nothing, since the page cannot
// change what the worker decided.
"use strict";

(function () {
  // Levels, their colours and the report reasons come from Go through the
  // generated content/selectors.js, which the manifest loads first.
  const { LEVELS, LEVEL_COLORS: COLORS, REPORT_REASONS, REPORT_NOTE_MAX: NOTE_MAX } = globalThis.MIKIWAME_FACTS;
  // The buy-box column is 260 px wide: every reason shown made the badge
  // taller than the buy box itself, so past the worst few the rest wait
  // behind a button.
  const SHOWN = 3;
  const RANK = { high: 0, medium: 1 }; // every other severity ranks after these

  const CSS = `
    :host { all: initial; display: block; margin: 8px 0; font: 13px/1.45 system-ui, "Hiragino Sans", "Noto Sans CJK JP", "IPAGothic", sans-serif; }
    .mkw-card { border: 2px solid var(--c); background: var(--bg); color: #202124; border-radius: 8px; padding: 8px 10px; }
    .mkw-head { display: flex; align-items: baseline; gap: 8px; }
    .mkw-brand { font-size: 11px; color: #5f6368; }
    .mkw-title { font-weight: 700; font-size: 15px; color: var(--c); }
    .mkw-summary, .mkw-seller, .mkw-note { margin: 4px 0; }
    .mkw-note { font-size: 12px; color: #5f6368; }
    .mkw-reasons { margin: 4px 0; padding-left: 18px; }
    .mkw-reason[data-severity="high"] { font-weight: 600; }
    .mkw-reason[data-severity="good"] { color: #1e8e3e; }
    .mkw-reason[hidden] { display: none; }
    .mkw-more { margin: 0 0 2px; }
    button { font: inherit; cursor: pointer; border: 1px solid #dadce0; border-radius: 4px; background: #fff; padding: 2px 8px; margin-top: 4px; }
    button:disabled { cursor: default; opacity: .6; }
    form { margin-top: 6px; border-top: 1px solid #dadce0; padding-top: 6px; }
    form label { display: block; }
    textarea { width: 100%; box-sizing: border-box; font: inherit; }
    .mkw-report-status { margin: 4px 0 0; font-size: 12px; }
    .mkw-pill { display: inline-block; border-radius: 10px; padding: 0 8px; font: 600 12px/20px system-ui, sans-serif; color: #fff; background: var(--c); }
  `;

  function el(doc, tag, cls, text) {
    const e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function level(v) {
    return LEVELS.includes(v) ? v : "unknown";
  }

  // texts returns t(key, sub): the worker's string for key (in the language
  // the shopper chose), with $1 replaced by sub. When the worker could not
  // answer there are none, and the browser's own catalogue stands in; never
  // a sentence written here.
  function texts(ui) {
    const strings = ui && typeof ui === "object" ? ui : {};
    return (key, sub) => {
      const s = strings[key];
      if (typeof s === "string") return sub === undefined ? s : s.replace("$1", () => sub);
      try {
        return globalThis.chrome.i18n.getMessage(key, sub === undefined ? undefined : [sub]) || "";
      } catch {
        return ""; // no extension context (tests, or the extension was reloaded)
      }
    };
  }

  // anchor returns where the badge goes: [element, position] directly under
  // the buy box, or at the top of the product area as a fallback.
  function anchor(doc) {
    for (const sel of ["#desktop_buybox", "#buybox"]) {
      const e = doc.querySelector(sel);
      if (e) return [e, "afterend"];
    }
    for (const sel of ["#rightCol", "#ppd"]) {
      const e = doc.querySelector(sel);
      if (e) return [e, "afterbegin"];
    }
    return [doc.body, "afterbegin"];
  }

  // The hosts this script made: an element of the page that happens to
  // carry our id or class is never taken for one (it has no shadow root of
  // ours, and writing into it would throw or show nothing).
  const mine = new WeakSet();
  const badges = new WeakMap(); // document → its badge host

  // find returns the badge host in doc if it is still in the page, else null.
  function find(doc) {
    const h = badges.get(doc);
    return h && h.isConnected ? h : null;
  }

  // host returns the badge host, created and placed if missing, with a
  // fresh shadow root content.
  function host(doc) {
    let h = find(doc);
    if (!h) {
      h = doc.createElement("div");
      h.id = "mikiwame-badge";
      h.attachShadow({ mode: "open" });
      const [where, pos] = anchor(doc);
      where.insertAdjacentElement(pos, h);
      mine.add(h);
      badges.set(doc, h);
    }
    const root = h.shadowRoot;
    root.replaceChildren(el(doc, "style", "", CSS));
    return h;
  }

  function card(doc, h, lvl) {
    const box = el(doc, "div", "mkw-card");
    box.style.setProperty("--c", COLORS[lvl].color);
    box.style.setProperty("--bg", COLORS[lvl].background);
    h.shadowRoot.append(box);
    return box;
  }

  function head(doc, box, t, title) {
    const row = el(doc, "div", "mkw-head");
    row.append(el(doc, "span", "mkw-brand", t("ui_brand")), el(doc, "span", "mkw-title", title));
    box.append(row);
  }

  // pending shows that a check is running; the level is not known yet.
  function pending(doc, text) {
    const h = host(doc);
    h.dataset.state = "pending";
    delete h.dataset.level;
    head(doc, card(doc, h, "unknown"), texts(null), text);
    return h;
  }

  // interim shows the page-only result while the seller's pages load:
  // still pending, no level, the neutral grey look and only the warning
  // signs found so far, so nothing looks safe before the seller is known.
  function interim(doc, result) {
    const h = host(doc);
    h.dataset.state = "pending";
    delete h.dataset.level;
    const t = texts(result && result.ui);
    const box = card(doc, h, "unknown");
    head(doc, box, t, t("ui_checking_seller") || "…");
    if (result && result.sellerName) box.append(el(doc, "p", "mkw-seller", t("ui_seller", String(result.sellerName))));
    const ex = (result && result.explanation) || {};
    const warnings = (Array.isArray(ex.reasons) ? ex.reasons : []).filter((r) => r && r.severity !== "good");
    if (warnings.length) box.append(...reasonList(doc, t, warnings));
    note(doc, box, "seller-pending", t("ui_seller_pending"));
    return h;
  }

  // order puts high, then medium reasons first, each group in the order
  // the verdict gives (the scorer's worst first); sort is stable.
  function order(reasons) {
    const rank = (r) => RANK[r && r.severity] ?? 2;
    return [...reasons].sort((a, b) => rank(a) - rank(b));
  }

  // reasonItems returns one li.mkw-reason per reason, in order(reasons).
  function reasonItems(doc, reasons) {
    return order(reasons).map((r) => {
      const li = el(doc, "li", "mkw-reason", String((r && (r.text || r.code)) || ""));
      li.dataset.code = String((r && r.code) || "");
      li.dataset.severity = String((r && r.severity) || "");
      return li;
    });
  }

  // reasonList returns the list and, when there are more than SHOWN
  // reasons, a button that unfolds the rest. Folded reasons stay in the
  // DOM, hidden, so assistive tools and the tests still find them.
  function reasonList(doc, t, reasons) {
    const list = el(doc, "ul", "mkw-reasons");
    const items = reasonItems(doc, reasons);
    list.append(...items);
    const folded = items.slice(SHOWN);
    if (folded.length === 0) return [list];
    list.id = "mkw-reasons";
    const more = el(doc, "button", "mkw-more");
    more.type = "button";
    more.setAttribute("aria-controls", list.id);
    const show = (open) => {
      for (const li of folded) li.hidden = !open;
      more.setAttribute("aria-expanded", String(open));
      more.textContent = open ? t("ui_show_less") || "−" : t("ui_show_more", String(folded.length)) || "+" + folded.length;
    };
    more.addEventListener("click", () => show(more.getAttribute("aria-expanded") !== "true"));
    show(false);
    return [list, more];
  }

  // reportable says whether there is a third-party seller to report: not
  // when Amazon itself sells (the scorer then always says SOLD_BY_AMAZON).
  function reportable(result) {
    const codes = [result && result.verdict && result.verdict.reasons, result && result.explanation && result.explanation.reasons]
      .flatMap((rs) => (Array.isArray(rs) ? rs : []))
      .map((r) => r && r.code);
    return !codes.includes("SOLD_BY_AMAZON");
  }

  // render shows result (the worker's answer to "check"). onReport(reasons,
  // note) must return a promise of the worker's answer to "report".
  function render(doc, result, onReport) {
    const h = host(doc);
    const t = texts(result && result.ui);
    if (!result || !result.ok) {
      // What went wrong is for developers, in English: content.js logs it.
      // The shopper gets a sentence in their language.
      h.dataset.level = "unknown";
      h.dataset.state = "done";
      const box = card(doc, h, "unknown");
      head(doc, box, t, t("ui_error") || "?");
      reportButton(doc, box, t, null, onReport).disabled = true;
      return h;
    }
    const lvl = level(result.level);
    h.dataset.level = lvl;
    h.dataset.state = "done";
    const ex = result.explanation || { title: lvl, summary: "", reasons: [] };
    const box = card(doc, h, lvl);
    head(doc, box, t, ex.title || lvl);
    if (ex.summary) box.append(el(doc, "p", "mkw-summary", ex.summary));
    if (result.sellerName) box.append(el(doc, "p", "mkw-seller", t("ui_seller", String(result.sellerName))));
    const reasons = Array.isArray(ex.reasons) ? ex.reasons : [];
    if (reasons.length) {
      box.append(...reasonList(doc, t, reasons));
    } else if (lvl === "ok") {
      box.append(el(doc, "p", "mkw-summary mkw-no-reasons", t("ui_no_reasons")));
    }
    if (result.apiReachable === false) note(doc, box, "page-only", t("ui_page_only"));
    // The scorer usually says so itself (SELLER_PROFILE_UNAVAILABLE); the
    // note is for when it does not.
    if (result.sellerData === "unavailable" && !reasons.some((r) => r.code === "SELLER_PROFILE_UNAVAILABLE")) {
      note(doc, box, "seller-unavailable", t("ui_seller_unavailable"));
    }
    if (reportable(result)) reportButton(doc, box, t, result, onReport);
    return h;
  }

  function note(doc, box, kind, text) {
    const p = el(doc, "p", "mkw-note", text || "");
    p.dataset.note = kind;
    box.append(p);
  }

  function reportButton(doc, box, t, result, onReport) {
    const button = el(doc, "button", "mkw-report", t("report_button"));
    button.type = "button";
    const status = el(doc, "p", "mkw-report-status");
    status.setAttribute("role", "status");
    box.append(button, status);
    if (result && result.reported) {
      button.disabled = true;
      setStatus(status, "already", t("report_already"));
    }
    button.addEventListener("click", () => {
      if (!result || !result.sellerId) {
        setStatus(status, "no-seller", t("report_no_seller"));
        return;
      }
      button.disabled = true;
      box.insertBefore(reportForm(doc, t, result, onReport, button, status), status);
    });
    return button;
  }

  function setStatus(status, kind, text) {
    if (kind) status.dataset.result = kind;
    else delete status.dataset.result;
    status.textContent = text || "";
  }

  function reportForm(doc, t, result, onReport, button, status) {
    const form = el(doc, "form", "mkw-report-form");
    form.append(el(doc, "p", "mkw-report-heading", t("report_title")));
    for (const code of REPORT_REASONS) {
      const label = el(doc, "label");
      const box = doc.createElement("input");
      box.type = "checkbox";
      box.name = "reason";
      box.value = code;
      label.append(box, doc.createTextNode(" " + (t("report_reason_" + code) || code)));
      form.append(label);
    }
    const noteLabel = el(doc, "label", "", t("report_note_label"));
    const text = doc.createElement("textarea");
    text.name = "note";
    text.maxLength = NOTE_MAX;
    text.rows = 3;
    noteLabel.append(text);
    const submit = el(doc, "button", "mkw-report-submit", t("report_submit"));
    submit.type = "submit";
    const cancel = el(doc, "button", "mkw-report-cancel", t("report_cancel"));
    cancel.type = "button";
    form.append(noteLabel, submit, doc.createTextNode(" "), cancel);
    // "Choose a reason" answers a submit with none ticked; it must not stay
    // on screen once one is, nor after the form is gone.
    const clearInvalid = () => {
      if (status.dataset.result === "invalid") setStatus(status, "", "");
    };
    form.addEventListener("change", () => {
      if (form.querySelector("input[name=reason]:checked")) clearInvalid();
    });
    cancel.addEventListener("click", () => {
      clearInvalid();
      form.remove();
      button.disabled = false;
    });
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const reasons = [...form.querySelectorAll("input[name=reason]:checked")].map((i) => i.value);
      if (reasons.length === 0) {
        setStatus(status, "invalid", t("report_pick_reason"));
        return;
      }
      submit.disabled = true;
      let res;
      try {
        res = await onReport(reasons, text.value.slice(0, NOTE_MAX));
      } catch (err) {
        res = { ok: false, code: "FAILED", error: String(err) };
      }
      if (res && res.ok) {
        form.remove();
        setStatus(status, "sent", t("report_sent"));
      } else if (res && res.code === "ALREADY_REPORTED") {
        form.remove();
        setStatus(status, "already", t("report_already"));
      } else {
        submit.disabled = false;
        setStatus(status, "failed", t("report_failed"));
      }
    });
    return form;
  }

  // offerBadge puts (or updates) a small pill for one offer of the
  // all-offers panel inside offerEl.
  function offerBadge(doc, offerEl, offer, title) {
    let h = [...offerEl.querySelectorAll(":scope > .mikiwame-offer-badge")].find((e) => mine.has(e));
    if (!h) {
      h = doc.createElement("div");
      h.className = "mikiwame-offer-badge";
      h.attachShadow({ mode: "open" });
      offerEl.insertAdjacentElement("afterbegin", h);
      mine.add(h);
    }
    const lvl = level(offer.level);
    h.dataset.level = lvl;
    h.dataset.sellerId = String(offer.sellerId || "");
    h.title = title || "";
    const pill = el(doc, "span", "mkw-pill mkw-title", String(offer.title || lvl));
    pill.style.setProperty("--c", COLORS[lvl].color);
    h.shadowRoot.replaceChildren(el(doc, "style", "", CSS), pill);
    return h;
  }

  globalThis.mikiwameBadge = { render, pending, interim, offerBadge, find, anchor, level, order, reasonItems, reportable, CSS };
})();
