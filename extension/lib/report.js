// Reporting a seller to the Mikiwame API, at most once per seller per
// shopper: the API replaces a client's earlier report anyway, and a second
// click should say "already reported" rather than look like a new voice.

import { APIError } from "./api.js";
import { reputationKey, sellerKey } from "./keys.js";

// report sends msg ({marketplace, sellerId, asin?, reasons, note?}) and
// answers {ok:true} or {ok:false, code, error}. Codes: ALREADY_REPORTED,
// NO_API, API_UNREACHABLE, RATE_LIMITED, REJECTED.
export async function report(deps, msg) {
  const key = sellerKey(msg.marketplace, msg.sellerId);
  if (await deps.caches.reported.get(key)) return { ok: false, code: "ALREADY_REPORTED", error: "you already reported this seller" };
  if (!deps.api) return { ok: false, code: "NO_API", error: "no API address is set" };
  const body = { marketplace: msg.marketplace, sellerId: msg.sellerId, reasons: msg.reasons };
  if (msg.asin) body.asin = msg.asin;
  const note = typeof msg.note === "string" ? msg.note.trim() : "";
  if (note) body.note = note;
  try {
    await deps.api.report(body);
  } catch (e) {
    if (!(e instanceof APIError) || e.status === 0 || e.status >= 500) return { ok: false, code: "API_UNREACHABLE", error: e.message };
    if (e.status === 429) return { ok: false, code: "RATE_LIMITED", error: e.message, retryAfter: e.retryAfter || 0 };
    return { ok: false, code: "REJECTED", error: e.message, field: e.field || "" };
  }
  await deps.caches.reported.set(key, deps.now());
  // The next check should count this report.
  await deps.caches.api.delete(reputationKey(msg.marketplace, msg.sellerId));
  return { ok: true };
}
