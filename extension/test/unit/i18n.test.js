import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { message, resolveLanguage, strings, SUPPORTED } from "../../lib/i18n.js";

const ext = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const read = (p) => fs.readFileSync(path.join(ext, p), "utf8");
const catalogue = (lang) => JSON.parse(read(`_locales/${lang}/messages.json`));

// Every file of the extension itself (not tests, tools or dependencies).
function sources() {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(path.join(ext, dir), { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!["node_modules", "test", "bench", "tools", "wasm", "_locales"].includes(e.name)) walk(p);
      } else if (/\.(js|html|json)$/.test(e.name) && e.name !== "package.json" && e.name !== "package-lock.json") {
        out.push(p);
      }
    }
  };
  walk(".");
  return out;
}

test("ja and en have the same keys, each with a message and a description", () => {
  const ja = catalogue("ja");
  const en = catalogue("en");
  assert.deepEqual(Object.keys(ja).sort(), Object.keys(en).sort());
  for (const [lang, cat] of [["ja", ja], ["en", en]]) {
    for (const [key, e] of Object.entries(cat)) {
      assert.ok(/^[A-Za-z0-9_@]+$/.test(key), `${lang}: key ${key} has characters Chrome rejects`);
      assert.ok(typeof e.message === "string" && e.message.trim(), `${lang}: ${key} has no message`);
      assert.ok(typeof e.description === "string" && e.description.trim(), `${lang}: ${key} has no description`);
    }
  }
});

test("placeholders match between ja and en", () => {
  const ja = catalogue("ja");
  const en = catalogue("en");
  for (const key of Object.keys(en)) {
    const names = (e) => Object.keys(e.placeholders || {}).sort();
    assert.deepEqual(names(ja[key]), names(en[key]), `placeholders of ${key}`);
  }
});

test("every message key the extension uses exists", () => {
  const en = catalogue("en");
  const patterns = [
    /__MSG_(\w+)__/g, // manifest
    /data-i18n="(\w+)"/g, // HTML
    /data-i18n-attr="\w+:(\w+)"/g,
    /getMessage\("(\w+)"[,)]/g,
    /message\(cat, "(\w+)"[,)]/g,
    /strings\.((?:ui|report|popup|options|twostep)_\w+)/g,
    /ui\.((?:ui|report)_\w+)/g,
    /\bt\("((?:ui|report|popup|options|twostep)_\w+)"[,)]/g, // content/badge.js
  ];
  const used = new Map();
  for (const file of sources()) {
    const src = read(file);
    for (const re of patterns) for (const m of src.matchAll(re)) used.set(m[1], file);
  }
  assert.ok(used.size > 20, `found only ${used.size} keys in use: the patterns no longer match the code`);
  for (const [key, file] of used) assert.ok(en[key], `${file} uses ${key}, which _locales/en/messages.json lacks`);
});

test("every report reason has a label", () => {
  const en = catalogue("en");
  for (const r of ["NOT_DELIVERED", "COUNTERFEIT", "PRICE_TOO_LOW", "OFF_PLATFORM_CONTACT", "HIJACKED_ACCOUNT", "OTHER"]) {
    assert.ok(en["report_reason_" + r], `report_reason_${r} missing`);
  }
  for (const s of ["on", "off", "unknown"]) assert.ok(en["twostep_" + s], `twostep_${s} missing`);
});

test("resolveLanguage", () => {
  const cases = [
    ["ja", "US", "en-US", "ja"],
    ["en", "JP", "ja", "en"],
    ["auto", "JP", "en-US", "ja"],
    ["auto", "US", "ja", "ja"],
    ["auto", "US", "en-GB", "en"],
    ["auto", "DE", "de-DE", "en"],
    ["auto", "", "", "en"],
    ["bogus", "JP", "en", "ja"],
  ];
  for (const [setting, mp, ui, want] of cases) {
    assert.equal(resolveLanguage(setting, mp, ui), want, `resolveLanguage(${setting}, ${mp}, ${ui})`);
  }
  assert.deepEqual(SUPPORTED, ["ja", "en"]);
});

test("message", () => {
  const cat = {
    plain: { message: "Hello" },
    named: { message: "Seller: $NAME$", placeholders: { name: { content: "$1" } } },
    dollar: { message: "$$5 and $1" },
  };
  const cases = [
    ["plain", [], "Hello"],
    ["named", ["uxcell"], "Seller: uxcell"],
    ["named", [], "Seller: $1"],
    ["dollar", ["x"], "$5 and x"],
    ["missing", [], "missing"],
  ];
  for (const [key, subs, want] of cases) assert.equal(message(cat, key, subs), want, `message(${key}, ${subs})`);
  assert.deepEqual(strings(cat, ["na"]), { named: "Seller: $1" });
});

test("the shopper-facing scripts and pages hard-code no sentences", () => {
  // A capitalised word followed by lower-case words, in quotes: "Report
  // this seller", 'Send it' (not font names). Log lines start "mikiwame:"
  // and are not shown.
  const sentence = /(["'`])[A-Z][a-z]+(?: [a-z]+)+[.!?…]?\1/g;
  const files = sources().filter((f) => /^(content|popup|options)\//.test(f) || f === "background.js");
  assert.ok(files.length >= 8, `found only ${files.join(", ")}`);
  for (const file of files) {
    const src = read(file).replace(/^\s*\/\/.*$/gm, ""); // comments
    const html = file.endsWith(".html") ? src.replace(/<[^>]*>/g, " ").trim() : "";
    assert.deepEqual([...src.matchAll(sentence)].map((m) => m[0]), [], `${file} hard-codes user-visible text; put it in _locales`);
    // A fallback word for a missing string: || "Send", || "Seller: $1".
    const fallback = [...src.matchAll(/\|\|\s*(["'`])([A-Z][a-z][^"'`]*)\1/g)].map((m) => m[2]);
    assert.deepEqual(fallback, [], `${file} falls back to hard-coded words`);
    if (file.endsWith(".html")) assert.equal(html.replace(/\s+/g, ""), "", `${file} has text outside data-i18n elements`);
  }
});

test("one spelling of あり得ない across the Japanese catalogue", () => {
  const text = fs.readFileSync(new URL("../../_locales/ja/messages.json", import.meta.url), "utf8");
  assert.doesNotMatch(text, /ありえない|有り得ない/, "write あり得ない");
});
