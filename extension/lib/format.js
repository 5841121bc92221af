// Presentation helpers shared by the worker, popup and options. Pure.

export const LEVELS = Object.freeze(["ok", "caution", "danger", "unknown"]);

// Colours of the four levels: green / amber / red / grey.
export const LEVEL_COLORS = Object.freeze({
  ok: "#1e8e3e",
  caution: "#e37400",
  danger: "#d93025",
  unknown: "#80868b",
});

const BADGE_TEXT = { ok: "OK", caution: "!", danger: "!!", unknown: "?" };

// level returns v if it is a known level, else "unknown": never pretend.
export function level(v) {
  return LEVELS.includes(v) ? v : "unknown";
}

// toolbarBadge is the action badge {text, color} for a level.
export function toolbarBadge(lvl) {
  const l = level(lvl);
  return { text: BADGE_TEXT[l], color: LEVEL_COLORS[l] };
}

// formatMoney turns {amount, currency} in minor units into a localized
// price ("¥12,800", "$7.99"). Anything malformed gives "".
export function formatMoney(m, lang = "en") {
  if (!m || !Number.isFinite(m.amount) || typeof m.currency !== "string" || !/^[A-Z]{3}$/.test(m.currency)) return "";
  const minor = m.currency === "JPY" ? 1 : 100;
  try {
    return new Intl.NumberFormat(lang === "ja" ? "ja-JP" : "en-US", {
      style: "currency",
      currency: m.currency,
      maximumFractionDigits: minor === 1 ? 0 : 2,
    }).format(m.amount / minor);
  } catch {
    return "";
  }
}

// dayKey is the UTC calendar day of t, used to send one price observation
// per product per day.
export function dayKey(t = Date.now()) {
  return new Date(t).toISOString().slice(0, 10);
}

// truncate shortens s to at most n characters with an ellipsis.
export function truncate(s, n) {
  s = String(s ?? "");
  return s.length <= n ? s : s.slice(0, Math.max(0, n - 1)) + "…";
}
