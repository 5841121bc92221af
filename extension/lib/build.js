// What the build says about itself: build.json, written next to the
// manifest by `make wasm` / `make run` (a build output, not committed):
// {version, apiURL}. version is the one the server and the wasm checker
// were built with; apiURL is where `make run` serves the API
// (MIKIWAME_ADDR), the default address until the shopper saves another.
// Without the file (an unpacked checkout never built) both are "".

import { ext } from "./browser.js";

let loaded = null;

// parseBuild keeps the two fields when they are short strings.
export function parseBuild(b) {
  const str = (v) => (typeof v === "string" && v.length <= 200 ? v : "");
  return { version: str(b && b.version), apiURL: str(b && b.apiURL) };
}

// loadBuild resolves to {version, apiURL}, read once per page or worker.
export function loadBuild({ getURL = (p) => ext.runtime.getURL(p), fetch = globalThis.fetch.bind(globalThis) } = {}) {
  if (!loaded) {
    loaded = Promise.resolve()
      .then(() => fetch(getURL("build.json")))
      .then((r) => (r.ok ? r.json() : null))
      .catch(() => null)
      .then(parseBuild);
  }
  return loaded;
}
