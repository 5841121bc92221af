// Loads the Go wasm checker in the service worker, once.
//
// wasm_exec.js (Go's JS glue, copied by `make wasm`) is a classic script
// that defines globalThis.Go. A module service worker has no importScripts,
// and import() is forbidden in service workers, so it is imported
// statically here for its side effect; that works because the file only
// assigns globals. Instantiating the wasm itself needs 'wasm-unsafe-eval'
// in the manifest's extension_pages CSP. Content scripts cannot do this
// under Amazon's page CSP, which is why checking happens in the worker.
import "../wasm/wasm_exec.js";
import { ext } from "./browser.js";

let loading = null;
let loads = 0; // instances started in this worker life

// checkerLoads says how many times this worker started the checker: 1
// after a warm-up whose instance every later check reused.
export function checkerLoads() {
  return loads;
}

// loadChecker resolves to globalThis.mikiwame once the wasm runs. The
// promise is memoized: every message after the first reuses the instance.
// When Chrome evicts the worker, module state goes with it and the next
// message loads a fresh instance; if the Go program ever exits, the memo is
// dropped so the next call starts over.
export function loadChecker({ url = ext.runtime.getURL("wasm/mikiwame.wasm") } = {}) {
  if (!loading) {
    loads++;
    loading = start(url).catch((e) => {
      loading = null;
      throw e;
    });
  }
  return loading;
}

async function start(url) {
  const go = new globalThis.Go();
  const res = await fetch(url);
  if (!res.ok) throw new Error(`checker: ${url}: HTTP ${res.status} (run make wasm)`);
  const { instance } = await WebAssembly.instantiateStreaming(res, go.importObject);
  // run() resolves only when the Go program exits; main() has already set
  // the global by the time it returns its promise.
  go.run(instance).finally(() => {
    loading = null;
  });
  const api = globalThis.mikiwame;
  if (!api || typeof api.extract !== "function") throw new Error("checker: wasm did not set globalThis.mikiwame");
  // An older build lacks the seller merge; say so instead of failing every seller look-up.
  if (typeof api.seller !== "function") throw new Error("checker: wasm has no mikiwame.seller (run make wasm)");
  return api;
}
