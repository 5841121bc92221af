// Presentation helpers shared by the worker and the popup. Pure. Prices and
// counts inside verdict sentences are formatted by the wasm explainer.

import { LEVELS, LEVEL_COLORS } from "./facts.js";

export { LEVELS, LEVEL_COLORS };

const BADGE_TEXT = { ok: "OK", caution: "!", danger: "!!", unknown: "?" };

// level returns v if it is a known level, else "unknown": never pretend.
export function level(v) {
  return LEVELS.includes(v) ? v : "unknown";
}

// toolbarBadge is the action badge {text, color} for a level.
export function toolbarBadge(lvl) {
  const l = level(lvl);
  return { text: BADGE_TEXT[l], color: LEVEL_COLORS[l].color };
}

// dayKey is the UTC calendar day of t, used to send one price observation
// per product per day.
export function dayKey(t = Date.now()) {
  return new Date(t).toISOString().slice(0, 10);
}
