// lib/facts.js and content/selectors.js are generated from Go (internal/jsfacts;
// a Go test fails when they are stale). Here: the content scripts' copy
// holds the same values as the modules' one, and lib/keys.js builds the keys
// the content script reads the way it reads them.

import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { fileURLToPath } from "node:url";
import * as facts from "../../lib/facts.js";
import { SETTINGS, uiKey } from "../../lib/keys.js";

const ext = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const context = vm.createContext({});
vm.runInContext(fs.readFileSync(path.join(ext, "content", "selectors.js"), "utf8"), context);
const classic = context.MIKIWAME_FACTS;

// plain copies a value across realms so deepEqual compares content only.
const isRegExp = (v) => Object.prototype.toString.call(v) === "[object RegExp]";
const plain = (v) => (isRegExp(v) ? `/${v.source}/${v.flags}` : JSON.parse(JSON.stringify(v)));

test("the content scripts' facts equal the modules'", () => {
  assert.deepEqual(Object.keys(classic).sort(), Object.keys(facts).sort());
  for (const [name, value] of Object.entries(facts)) {
    if (typeof value === "function") {
      assert.equal(typeof classic[name], "function", name);
      continue;
    }
    assert.deepEqual(plain(classic[name]), plain(value), name);
  }
  assert.ok(Object.isFrozen(classic) && Object.isFrozen(facts.MARKETPLACES.JP), "frozen");
});

test("both copies of the rules answer alike", () => {
  for (const args of [["auto", "JP", "en-US"], ["auto", "US", "ja"], ["en", "JP", "ja"], ["auto", "DE", "de"], ["x", "", ""]]) {
    assert.equal(classic.resolveLanguage(...args), facts.resolveLanguage(...args), `resolveLanguage(${args})`);
  }
  for (const host of ["www.amazon.co.jp", "smile.amazon.com", "amazon.co.jp.evil.example", "", "WWW.AMAZON.DE."]) {
    assert.equal(classic.marketplaceFromHost(host), facts.marketplaceFromHost(host), `marketplaceFromHost(${host})`);
  }
});

test("keys.js builds the keys content.js reads", () => {
  assert.equal(SETTINGS, classic.KEYS.settings);
  for (const lang of classic.LANGUAGES) assert.equal(uiKey(lang), classic.KEYS.ui + lang);
});
