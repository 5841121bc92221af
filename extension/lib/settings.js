// The shopper's settings, kept in chrome.storage.local under one key.

import { TOKEN_PREFIX, tokenKey } from "./api.js";
import { SETTINGS } from "./keys.js";

export const DEFAULT_API = "http://127.0.0.1:8080";
// NO_SERVER is the API address of "no server": nothing is sent anywhere,
// the badge judges from the page alone and says so.
export const NO_SERVER = "";
export const LANGUAGES = Object.freeze(["auto", "ja", "en"]);

export const DEFAULTS = Object.freeze({
  apiURL: DEFAULT_API,
  sharePrices: false, // opt-in only: nothing leaves the browser unless asked
  language: "auto",
});

// defaultsFor returns DEFAULTS with the build's API address (lib/build.js,
// what `make run` serves) when it has a usable one.
export function defaultsFor(build) {
  const api = build && checkAPIURL(build.apiURL);
  return api && api.ok ? { ...DEFAULTS, apiURL: api.url } : DEFAULTS;
}

// normalize returns settings with every field valid, falling back to the
// default (base) for anything missing or malformed.
export function normalize(s, base = DEFAULTS) {
  const out = { ...base };
  if (!s || typeof s !== "object") return out;
  if (s.apiURL === NO_SERVER) out.apiURL = NO_SERVER;
  else if (typeof s.apiURL === "string" && checkAPIURL(s.apiURL).ok) out.apiURL = checkAPIURL(s.apiURL).url;
  if (typeof s.sharePrices === "boolean") out.sharePrices = s.sharePrices;
  if (LANGUAGES.includes(s.language)) out.language = s.language;
  return out;
}

// loadSettings reads the shopper's settings; build (lib/build.js
// loadBuild) gives the defaults for what they never saved.
export async function loadSettings(area, build = null) {
  const got = await area.get(SETTINGS);
  return normalize(got && got[SETTINGS], defaultsFor(build));
}

// saveSettings stores s, normalized, and forgets the write tokens of every
// other API address: a token is a credential for a server no longer used
// (with no server, every token goes).
export async function saveSettings(area, s) {
  const n = normalize(s);
  await area.set({ [SETTINGS]: n });
  const keep = tokenKey(n.apiURL);
  const stale = Object.keys(await area.get(null)).filter((k) => k.startsWith(TOKEN_PREFIX) && k !== keep);
  if (stale.length) await area.remove(stale);
  return n;
}

// isLocalHost reports whether host is this machine, which the manifest
// already grants (the default API runs there).
export function isLocalHost(host) {
  return host === "127.0.0.1" || host === "localhost" || host === "[::1]";
}

// checkAPIURL validates an API address typed by the shopper. It returns
// {ok:true, url, origin, local} with the URL normalized (no trailing slash),
// or {ok:false, error} with the reason. Plain http is accepted only for
// this machine: tokens and reports must not cross a network in clear text.
export function checkAPIURL(input) {
  if (typeof input !== "string" || input.trim() === "") return { ok: false, error: "empty" };
  let u;
  try {
    u = new URL(input.trim());
  } catch {
    return { ok: false, error: "not a URL" };
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return { ok: false, error: "scheme must be http or https" };
  if (u.username || u.password) return { ok: false, error: "no user name or password in the address" };
  if (u.search || u.hash) return { ok: false, error: "no query or fragment in the address" };
  const local = isLocalHost(u.hostname);
  if (u.protocol === "http:" && !local) return { ok: false, error: "https is required except for 127.0.0.1 and localhost" };
  const path = u.pathname.replace(/\/+$/, "");
  return { ok: true, url: u.origin + path, origin: u.origin, local };
}

// permissionPattern is the host permission a non-local API address needs.
export function permissionPattern(url) {
  const u = new URL(url);
  return `${u.protocol}//${u.hostname}/*`;
}
