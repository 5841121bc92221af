// The wasm checker must answer exactly what the same Go code answers
// natively: the built extension/wasm/mikiwame.wasm runs here under Node with
// Go's wasm_exec.js, and wasm/internal/paritycheck gives the native answers
// for the same pages (the real ones in ../shared/fixtures/amazon and the
// hand-made ones in internal/amazon/testdata/pages).

import { test, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ext = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const repo = path.resolve(ext, "..");
const shared = path.resolve(repo, "..", "shared", "fixtures", "amazon");
const handMade = path.join(repo, "internal", "amazon", "testdata", "pages");
const wasmDir = path.join(ext, "wasm");

// The same fixed clock as paritycheck.Context.
const CONTEXT = '{"now":"2026-11-24T00:00:00Z"}';

const HOSTS = { jp: "www.amazon.co.jp", us: "www.amazon.com", en: "www.amazon.com", uk: "www.amazon.co.uk", de: "www.amazon.de" };

// pageCase turns a fixture file into {kind, path, url}: the kind from the
// file name, the host from its folder or name, an ASIN from the name.
function pageCase(file) {
  const name = path.basename(file, ".html");
  const kind = /^seller/.test(name) ? "seller" : /^storefront/.test(name) ? "storefront" : /^offer/.test(name) ? "offers" : "product";
  const region = path.basename(path.dirname(file)) in HOSTS ? path.basename(path.dirname(file)) : (name.match(/_(jp|us|en|uk|de)_/) || ["", "jp"])[1];
  const host = HOSTS[region];
  const asin = (name.match(/\b([A-Z0-9]{10})\b/) || name.match(/_([A-Z0-9]{10})(?:_|$)/) || ["", "B0MKWTEST1"])[1];
  const url = {
    product: `https://${host}/dp/${asin}`,
    offers: `https://${host}/gp/product/ajax/aodAjaxMain/?asin=${asin}`,
    seller: `https://${host}/sp?seller=A1MKWTESTSELLR`,
    storefront: `https://${host}/s?me=A1MKWTESTSELLR`,
  }[kind];
  return { kind, path: file, url };
}

function cases() {
  const out = [];
  if (fs.existsSync(shared)) {
    for (const dir of fs.readdirSync(shared)) {
      const d = path.join(shared, dir);
      if (!fs.statSync(d).isDirectory()) continue;
      for (const f of fs.readdirSync(d)) if (f.endsWith(".html")) out.push(pageCase(path.join(d, f)));
    }
  } else if (process.env.MIKIWAME_REQUIRE_FIXTURES === "1") {
    throw new Error(`fixtures missing at ${shared} and MIKIWAME_REQUIRE_FIXTURES=1`);
  }
  if (fs.existsSync(handMade)) {
    for (const f of fs.readdirSync(handMade)) if (f.endsWith(".html")) out.push(pageCase(path.join(handMade, f)));
  }
  return out;
}

let api;

before(async () => {
  if (!fs.existsSync(path.join(wasmDir, "mikiwame.wasm")) || !fs.existsSync(path.join(wasmDir, "wasm_exec.js"))) {
    execFileSync("make", ["wasm"], { cwd: repo, stdio: "inherit" });
  }
  await import(pathToFileURL(path.join(wasmDir, "wasm_exec.js")).href); // defines globalThis.Go
  const go = new globalThis.Go();
  const { instance } = await WebAssembly.instantiate(fs.readFileSync(path.join(wasmDir, "mikiwame.wasm")), go.importObject);
  go.run(instance);
  api = globalThis.mikiwame;
  assert.ok(api && typeof api.extract === "function", "the wasm set globalThis.mikiwame");
});

// wasmCheck does in JS what paritycheck does in Go.
function wasmCheck({ kind, path: file, url }) {
  const ex = api.extract(kind, fs.readFileSync(file, "utf8"), url);
  const r = { extract: ex };
  if (kind !== "product") return r;
  let verdict = ex.verdict;
  if (ex.ok) {
    r.score = api.score(JSON.stringify(ex.listing), CONTEXT);
    verdict = r.score.verdict;
  }
  if (verdict) r.explain = api.explain(JSON.stringify(verdict), "ja");
  return r;
}

test("wasm and native Go agree on every fixture page", async (t) => {
  const all = cases();
  if (all.length === 0) {
    t.skip("no fixture pages found");
    return;
  }
  const native = JSON.parse(
    execFileSync("go", ["run", "./wasm/internal/paritycheck"], { cwd: repo, input: JSON.stringify(all), maxBuffer: 64 << 20 }).toString(),
  );
  assert.equal(native.length, all.length);
  let products = 0;
  for (const [i, c] of all.entries()) {
    await t.test(path.relative(repo, c.path), () => {
      const got = wasmCheck(c);
      assert.deepEqual(got, native[i], `wasm(${c.kind}, ${path.basename(c.path)}) differs from native (a stale build? run make wasm)`);
      if (c.kind === "product" && got.score) products++;
    });
  }
  assert.ok(products >= 5, `only ${products} product pages were scored: the fixtures did not load as expected`);
});

test("a product page gives the verdict the shopper should see", () => {
  if (!fs.existsSync(shared)) return;
  const cases = [
    ["us/product_B07H57DNVV_amazon.html", "ok"],
    ["us/captcha.html", "unknown"],
  ];
  for (const [file, want] of cases) {
    const r = wasmCheck(pageCase(path.join(shared, file)));
    const level = r.score ? r.score.verdict.level : r.extract.verdict.level;
    assert.equal(level, want, `level(${file}) = ${level}; want ${want}`);
  }
});

test("bad input gives {ok:false}, never a throw", () => {
  const url = "https://www.amazon.co.jp/dp/B0MKWTEST1";
  const garbage = "\u0000<div>garbage".repeat((5 << 20) / 14);
  const cases = [
    ["extract", []],
    ["extract", ["product"]],
    ["extract", ["product", "<html></html>", url, "extra"]],
    ["extract", ["product", 42, url]],
    ["extract", ["product", null, url]],
    ["extract", ["product", undefined, url]],
    ["extract", [Symbol("x"), "", url]],
    ["extract", ["product", "", url]],
    ["extract", ["product", garbage, url]],
    ["extract", ["seller", "<html><body>nothing</body></html>", url]],
    ["extract", ["nonsense", "<html></html>", url]],
    ["score", ["", ""]],
    ["score", ["{", ""]],
    ["score", [[1, 2], ""]],
    ["score", [{}, "not json"]],
    ["explain", ['{"level":"ok"}', ""]],
    ["explain", ["{}", "ja"]],
    ["explain", [12, "ja"]],
  ];
  for (const [fn, args] of cases) {
    let r;
    assert.doesNotThrow(() => {
      r = api[fn](...args);
    }, `mikiwame.${fn}(${args.length} args) threw`);
    assert.equal(r.ok, false, `mikiwame.${fn}(${String(args.map((a) => typeof a))}) = ${JSON.stringify(r).slice(0, 200)}; want ok false`);
    assert.equal(typeof r.error, "string");
  }
  assert.equal(api.extract("product", "", url).code, "EMPTY_PAGE");
});

// The content script's selector lists are checked against Go by
// internal/jsfacts (generated, with a staleness test); the wasm exposes no copy of them.
test("the version is exposed", () => {
  assert.equal(typeof api.version, "string");
});

test("timing: extract and score per page (reported, not asserted)", (t) => {
  const file = path.join(shared, "us", "product_B01LW7X0JJ_fba_uxcell.html");
  if (!fs.existsSync(file)) return;
  const page = fs.readFileSync(file, "utf8");
  const url = "https://www.amazon.com/dp/B01LW7X0JJ";
  api.extract("product", page, url); // warm up
  const runs = 10;
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) api.score(JSON.stringify(api.extract("product", page, url).listing), CONTEXT);
  t.diagnostic(`whole ${Math.round(page.length / 1024)} KiB page in wasm: ${((performance.now() - t0) / runs).toFixed(1)} ms per extract+score`);
});
