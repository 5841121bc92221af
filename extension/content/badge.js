// Renders the verdict on the product page. Seller names and reasons may be
// written by fraudsters, so every string goes in through textContent; the
// only markup is built here with createElement. The badge lives in a shadow
// root so Amazon's CSS and ours cannot touch each other.
//
// DOM contract (the end-to-end tests rely on it; keep it stable):
//   host   <div id="mikiwame-badge" data-level="ok|caution|danger|unknown"
//               data-state="pending|done">   (data-level only when done)
//   shadow .mkw-title (level word), .mkw-summary, .mkw-reason[data-code]
//          [data-severity] per reason, .mkw-note[data-note="page-only"|"no-server"|
//          "seller-unavailable"|"seller-pending"], button.mkw-more[aria-expanded]
//          when reasons are folded (hidden), button.mkw-report (only when the
//          worker says there is a third-party seller to report), after a
//          real click iframe.mkw-report-frame (report/report.html, an
//          extension page), .mkw-report-status[data-result="sent"|"already"|…]
//          .mkw-condition[data-condition] for an offer that is not new
//   offers <div class="mikiwame-offer-badge" data-level="…" data-seller-id>
//          in each offer of the all-offers panel, shadow .mkw-title and
//          .mkw-offer-reason[data-code] (the worst warning, or "judged from
//          the panel's rating line").
// The shadow roots are closed and the buttons act only on trusted events:
// a script of the Amazon page must not be able to click for the shopper.
// The report itself is filled in and sent from the extension-origin frame,
// which no page script can reach into. root(host) gives this script (and
// the tests, from the content script's world) the roots it made.
"use strict";

(function () {
  // Levels and their colours come from Go through the generated
  // content/selectors.js, which the manifest loads first.
  const { LEVELS, LEVEL_COLORS: COLORS } = globalThis.MIKIWAME_FACTS;
  // The buy-box column is 260 px wide: every reason shown made the badge
  // taller than the buy box itself, so past the worst few the rest wait
  // behind a button.
  const SHOWN = 3;
  // The reason the scorer gives when the seller's profile could not be
  // read; the badge says it once, as the caveat on top, with why.
  const UNAVAILABLE = "SELLER_PROFILE_UNAVAILABLE";
  const RANK = { high: 0, medium: 1 }; // every other severity ranks after these

  const CSS = `
    :host { all: initial; display: block; margin: 8px 0; font: 13px/1.45 system-ui, "Hiragino Sans", "Noto Sans CJK JP", "IPAGothic", sans-serif; }
    .mkw-card { border: 2px solid var(--c); background: var(--bg); color: #202124; border-radius: 8px; padding: 8px 10px; }
    .mkw-head { display: flex; align-items: baseline; gap: 8px; }
    .mkw-brand { font-size: 11px; color: #5f6368; }
    .mkw-title { font-weight: 700; font-size: 15px; color: var(--c); }
    .mkw-summary, .mkw-seller, .mkw-note { margin: 4px 0; }
    .mkw-note { font-size: 12px; color: #5f6368; }
    .mkw-caveat { color: #202124; background: #fef7e0; border-radius: 4px; padding: 4px 6px; }
    .mkw-caveat a { color: #1a73e8; }
    .mkw-reasons { margin: 4px 0; padding-left: 18px; }
    .mkw-reason[data-severity="high"] { font-weight: 600; }
    .mkw-reason[data-severity="good"] { color: #1e8e3e; }
    .mkw-reason[hidden] { display: none; }
    .mkw-more { margin: 0 0 2px; }
    button { font: inherit; cursor: pointer; border: 1px solid #dadce0; border-radius: 4px; background: #fff; padding: 2px 8px; margin-top: 4px; }
    button:disabled { cursor: default; opacity: .6; }
    .mkw-actions { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-top: 6px; }
    .mkw-actions button { margin-top: 0; }
    .mkw-report-frame { display: block; width: 100%; height: 430px; border: 0; border-top: 1px solid #dadce0; margin-top: 6px; background: #fff; }
    .mkw-report-status { margin: 4px 0 0; font-size: 12px; }
    .mkw-condition { margin: 4px 0; font-weight: 600; }
    .mkw-offer-reason { margin: 2px 0 4px; font-size: 12px; color: #202124; }
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
  const roots = new WeakMap(); // host → its closed shadow root
  const badges = new WeakMap(); // document → its badge host

  // root returns the shadow root of a host this script made, else null.
  function root(h) {
    return (h && roots.get(h)) || null;
  }

  // trusted wraps a listener so only the shopper's own input reaches it:
  // a page script's el.click() or dispatchEvent() is not trusted.
  function trusted(fn) {
    return (e) => {
      if (e.isTrusted) fn(e);
    };
  }

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
      roots.set(h, h.attachShadow({ mode: "closed" }));
      const [where, pos] = anchor(doc);
      where.insertAdjacentElement(pos, h);
      mine.add(h);
      badges.set(doc, h);
    }
    root(h).replaceChildren(el(doc, "style", "", CSS));
    return h;
  }

  function card(doc, h, lvl) {
    const box = el(doc, "div", "mkw-card");
    box.style.setProperty("--c", COLORS[lvl].color);
    box.style.setProperty("--bg", COLORS[lvl].background);
    root(h).append(box);
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
    conditionLine(doc, box, t, result);
    const ex = (result && result.explanation) || {};
    // "Could not be checked" is not a warning while the profile is still
    // being read: the pending note says so.
    const warnings = (Array.isArray(ex.reasons) ? ex.reasons : []).filter((r) => r && r.severity !== "good" && r.code !== UNAVAILABLE);
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
    more.addEventListener("click", trusted(() => show(more.getAttribute("aria-expanded") !== "true")));
    show(false);
    return [list, more];
  }

  // reportable says whether there is a third-party seller to report. The
  // worker decides (lib/check.js: a readable page, a seller ID that is not
  // Amazon's, no SOLD_BY_AMAZON) and keeps that seller for the report; the
  // codes are checked here again so a product Amazon sells never shows one.
  function reportable(result) {
    if (!result || result.ok !== true || result.reportable !== true) return false;
    const codes = [result.verdict && result.verdict.reasons, result.explanation && result.explanation.reasons]
      .flatMap((rs) => (Array.isArray(rs) ? rs : []))
      .map((r) => r && r.code);
    return !codes.includes("SOLD_BY_AMAZON");
  }

  // render shows result (the worker's answer to "check"). openReport() is
  // called after a real click on the report button and must resolve to
  // {ok} once the worker has armed the report frame for this tab;
  // actionsFor.openOptions(), after a real click on "Open Settings".
  function render(doc, result, openReport, actionsFor) {
    const h = host(doc);
    const t = texts(result && result.ui);
    if (!result || !result.ok) {
      // What went wrong is for developers, in English: content.js logs it.
      // The shopper gets a sentence in their language.
      h.dataset.level = "unknown";
      h.dataset.state = "done";
      const box = card(doc, h, "unknown");
      head(doc, box, t, t("ui_error") || "?");
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
    conditionLine(doc, box, t, result);
    // What limits the verdict comes first, always in view, and only once:
    // the reason saying the same is left out of the list.
    const caveat = result.sellerData === "unavailable";
    if (caveat) sellerCaveat(doc, box, t, result);
    const reasons = (Array.isArray(ex.reasons) ? ex.reasons : []).filter((r) => !(caveat && r && r.code === UNAVAILABLE));
    const actions = el(doc, "div", "mkw-actions");
    if (reasons.length) {
      const [list, more] = reasonList(doc, t, reasons);
      box.append(list);
      if (more) actions.append(more);
    } else if (lvl === "ok") {
      box.append(el(doc, "p", "mkw-summary mkw-no-reasons", t("ui_no_reasons")));
    }
    if (result.apiReachable === false) {
      // Say how to fix it: the address tried, and the way to Settings.
      const p = note(doc, box, "page-only", t("ui_page_only"));
      if (result.apiURL) p.append(doc.createTextNode(" " + t("ui_api_fix", String(result.apiURL))));
      if (actionsFor && actionsFor.openOptions) {
        const open = el(doc, "button", "mkw-open-options", t("ui_open_options"));
        open.type = "button";
        open.addEventListener("click", trusted(() => actionsFor.openOptions()));
        actions.append(open);
      }
    } else if (result.noServer) {
      // The shopper's own choice, said plainly: not an error.
      note(doc, box, "no-server", t("ui_no_server"));
    }
    box.append(actions);
    if (reportable(result)) reportButton(doc, box, actions, t, result, openReport);
    if (!actions.firstChild) actions.remove();
    return h;
  }

  // conditionKey is the message key naming an offer's condition when it
  // is not new ("ui_condition_used"), else "".
  function conditionKey(condition) {
    return ["used", "refurbished", "collectible"].includes(condition) ? "ui_condition_" + condition : "";
  }

  // conditionLine says "中古品" / "Used" under the seller for an offer that
  // is not new: the shopper should know which offer was judged.
  function conditionLine(doc, box, t, result) {
    const key = conditionKey(result && result.condition);
    const text = key && t(key);
    if (!text) return;
    const p = el(doc, "p", "mkw-condition", text);
    p.dataset.condition = result.condition;
    box.append(p);
  }

  // offerLine is the one line under an offer's pill in the all-offers
  // panel: the worst warning's sentence, or, for a seller judged 安全 from
  // the rating line the panel prints (its profile not read), a key saying
  // so. {code, text} or {key}, or null.
  function offerLine(offer) {
    const reasons = Array.isArray(offer && offer.reasons) ? offer.reasons : [];
    const warning = order(reasons).find((r) => r && ["high", "medium", "low"].includes(r.severity) && r.text);
    if (warning) return { code: String(warning.code || ""), text: String(warning.text) };
    if (level(offer && offer.level) === "ok" && reasons.some((r) => r && r.code === UNAVAILABLE)) return { code: UNAVAILABLE, key: "ui_offer_from_rating" };
    return null;
  }

  function note(doc, box, kind, text) {
    const p = el(doc, "p", "mkw-note", text || "");
    p.dataset.note = kind;
    box.append(p);
    return p;
  }

  // sellerCaveat says why the seller's profile is missing from the verdict
  // (a robot check, a 404, a timeout, a failure read differently) and links
  // to the profile on the page's own Amazon host.
  function sellerCaveat(doc, box, t, result) {
    const why = ["captcha", "not-found", "timeout", "failed"].includes(result.sellerWhy) ? result.sellerWhy : "failed";
    const p = note(doc, box, "seller-unavailable", t("ui_caveat_" + why.replace("-", "_")) || t("ui_seller_unavailable"));
    p.dataset.why = why;
    p.classList.add("mkw-caveat");
    const href = profileLink(doc, result.profileURL);
    if (href) {
      const a = el(doc, "a", "mkw-profile-link", t("ui_open_profile"));
      a.href = href;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      p.append(doc.createTextNode(" "), a);
    }
  }

  // profileLink returns url if it is a seller profile on the page's host.
  function profileLink(doc, url) {
    try {
      const u = new URL(String(url || ""));
      const here = doc.location && doc.location.hostname;
      return u.protocol === "https:" && u.hostname === here && u.pathname === "/sp" && /^[A-Z0-9]+$/.test(u.searchParams.get("seller") || "") ? u.href : "";
    } catch {
      return "";
    }
  }

  // The status line and the report frame of the badge in doc, if any.
  function reportParts(doc) {
    const r = root(find(doc));
    if (!r) return {};
    return { button: r.querySelector(".mkw-report"), frame: r.querySelector(".mkw-report-frame"), status: r.querySelector(".mkw-report-status") };
  }

  function reportButton(doc, box, actions, t, result, openReport) {
    const button = el(doc, "button", "mkw-report", t("report_button"));
    button.type = "button";
    const status = el(doc, "p", "mkw-report-status");
    status.setAttribute("role", "status");
    actions.append(button);
    box.append(status);
    if (result.reported) {
      button.disabled = true;
      setStatus(status, "already", t("report_already"));
      return button;
    }
    button.addEventListener(
      "click",
      trusted(async () => {
        button.disabled = true;
        let res;
        try {
          res = await openReport();
        } catch (err) {
          res = { ok: false, error: String(err) };
        }
        if (!res || !res.ok) {
          button.disabled = false;
          setStatus(status, res && res.code === "ALREADY_REPORTED" ? "already" : "failed", t(res && res.code === "ALREADY_REPORTED" ? "report_already" : "report_failed"));
          return;
        }
        setStatus(status, "", "");
        // The form is an extension page: the page's scripts cannot read,
        // fill in or submit it, and the worker files only what it sends.
        const frame = doc.createElement("iframe");
        frame.className = "mkw-report-frame";
        frame.title = t("report_title");
        frame.src = globalThis.chrome.runtime.getURL("report/report.html");
        box.insertBefore(frame, status);
      }),
    );
    return button;
  }

  // reportDone closes the report frame with what the worker said: "sent"
  // or "already" (the button stays off), or "" (cancelled: it is on again).
  function reportDone(doc, result, ui) {
    const { button, frame, status } = reportParts(doc);
    if (frame) frame.remove();
    if (!button || !status) return;
    const t = texts(ui);
    const done = result === "sent" || result === "already";
    button.disabled = done;
    setStatus(status, done ? result : "", done ? t(result === "sent" ? "report_sent" : "report_already") : "");
  }

  // reportOpen says whether the report frame is open in doc.
  function reportOpen(doc) {
    return Boolean(reportParts(doc).frame);
  }

  function setStatus(status, kind, text) {
    if (kind) status.dataset.result = kind;
    else delete status.dataset.result;
    status.textContent = text || "";
  }

  // offerBadge puts (or updates) a small pill for one offer of the
  // all-offers panel inside offerEl.
  function offerBadge(doc, offerEl, offer, title, ui) {
    let h = [...offerEl.querySelectorAll(":scope > .mikiwame-offer-badge")].find((e) => mine.has(e));
    if (!h) {
      h = doc.createElement("div");
      h.className = "mikiwame-offer-badge";
      roots.set(h, h.attachShadow({ mode: "closed" }));
      offerEl.insertAdjacentElement("afterbegin", h);
      mine.add(h);
    }
    const lvl = level(offer.level);
    h.dataset.level = lvl;
    h.dataset.sellerId = String(offer.sellerId || "");
    h.title = title || "";
    const pill = el(doc, "span", "mkw-pill mkw-title", String(offer.title || lvl));
    pill.style.setProperty("--c", COLORS[lvl].color);
    const parts = [el(doc, "style", "", CSS), pill];
    const line = offerLine(offer);
    const text = line && (line.text || texts(ui)(line.key));
    if (text) {
      const p = el(doc, "p", "mkw-offer-reason", text);
      p.dataset.code = line.code;
      parts.push(p);
    }
    root(h).replaceChildren(...parts);
    return h;
  }

  globalThis.mikiwameBadge = { render, pending, interim, offerBadge, offerLine, conditionKey, find, root, anchor, level, order, reasonItems, reportable, reportDone, reportOpen, CSS };
})();
