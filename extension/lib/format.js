// Presentation helpers shared by the worker and the popup. Pure. Prices and
// counts inside verdict sentences are formatted by the wasm explainer.

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

// dayKey is the UTC calendar day of t, used to send one price observation
// per product per day.
export function dayKey(t = Date.now()) {
  return new Date(t).toISOString().slice(0, 10);
}
