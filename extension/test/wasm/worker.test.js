// The service worker itself, background.js, run in Node against a stand-in
// for the chrome.* API and the real wasm checker: what its one message
// listener accepts, answers and stores.

import { test, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { MemoryArea } from "../../lib/cache.js";
import { productPage } from "../e2e/site.js";

const ext = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const id = "mikiwametestextensionidabcdefgh";
const origin = `chrome-extension://${id}/`;
const productURL = "https://www.amazon.co.jp/dp/B0MKWHJK01";
const tab = { id: 7, url: productURL };
const fromContent = { id, tab, url: productURL, frameId: 0 };
const fromOptions = { id, tab: { id: 9, url: origin + "options/options.html" }, url: origin + "options/options.html", origin: origin.slice(0, -1) };

let listener;
const local = new MemoryArea();
const session = new MemoryArea();
const toolbar = { fail: false, texts: [] };

before(async () => {
  if (!fs.existsSync(path.join(ext, "wasm", "mikiwame.wasm"))) execFileSync("make", ["wasm"], { cwd: path.resolve(ext, ".."), stdio: "inherit" });
  globalThis.chrome = {
    runtime: {
      id,
      getURL: (p) => origin + p,
      onMessage: { addListener: (f) => (listener = f) },
      onInstalled: { addListener() {} },
      onStartup: { addListener() {} },
      openOptionsPage: async () => {},
    },
    tabs: { onRemoved: { addListener() {} }, sendMessage: async () => {} },
    storage: { local, session },
    action: {
      setBadgeText: async ({ text }) => {
        if (toolbar.fail) throw new Error("No tab with id: 7");
        toolbar.texts.push(text);
      },
      setBadgeBackgroundColor: async () => {},
    },
    i18n: { getUILanguage: () => "en-US" },
  };
  // The extension's own files come from disk; nothing else is reachable
  // (the API and Amazon are down, which the worker must live with).
  globalThis.fetch = async (u) => {
    if (!String(u).startsWith(origin)) throw new TypeError("fetch failed");
    const file = path.join(ext, new URL(u).pathname);
    const type = file.endsWith(".wasm") ? "application/wasm" : "application/json";
    return new Response(fs.readFileSync(file), { status: 200, headers: { "Content-Type": type } });
  };
  await import(pathToFileURL(path.join(ext, "background.js")).href);
  assert.equal(typeof listener, "function", "background.js registered its message listener at load");
});

// send delivers msg as Chrome would and resolves to the answer.
function send(msg, sender) {
  return new Promise((resolve) => {
    const async = listener(msg, sender, resolve);
    assert.equal(typeof async, "boolean", "the listener answers true (async) or false, never a promise");
  });
}

const product = productPage("B0MKWHJK01"); // the e2e site's page of a third-party seller

test("a check answers with a verdict and its strings, and marks the tab", async () => {
  toolbar.fail = false;
  const res = await send({ type: "check", url: productURL, fragment: product, id: 1 }, fromContent);
  assert.equal(res.ok, true, `check = ${JSON.stringify(res).slice(0, 300)}`);
  assert.ok(["ok", "caution", "danger", "unknown"].includes(res.level), `level ${res.level}`);
  assert.equal(res.lang, "ja", "Japanese on amazon.co.jp");
  assert.equal(typeof res.ui.report_button, "string");
  assert.equal(res.apiReachable, false, "the API is down: page only");
  const stored = (await session.get("tab:7"))["tab:7"];
  assert.equal(stored.level, res.level);
  assert.equal(toolbar.texts.length, 1);
  // For the next page's "checking" line, before the worker answers.
  const kept = (await local.get("ui:ja"))["ui:ja"];
  assert.equal(kept && kept.ui_checking, res.ui.ui_checking);
});

test("a toolbar that cannot be updated does not cost the page its verdict", async () => {
  toolbar.fail = true;
  const res = await send({ type: "check", url: productURL, fragment: product, id: 2 }, fromContent);
  assert.equal(res.ok, true, `check with a failing toolbar = ${JSON.stringify(res).slice(0, 300)}`);
  toolbar.fail = false;
});

test("the options page, in its tab, clears the caches but not the settings or reports", async () => {
  await local.set({ "seller:JP:A1MKWDORMANT01": { value: 1, expires: Date.now() + 1e6 }, "seller#index": { "seller:JP:A1MKWDORMANT01": Date.now() + 1e6 }, "reported:JP:A1": { value: 1, expires: Date.now() + 1e6 }, "reported#index": { "reported:JP:A1": Date.now() + 1e6 }, settings: { language: "en" } });
  const res = await send({ type: "clearCaches" }, fromOptions);
  assert.deepEqual(res, { ok: true });
  const left = Object.keys(await local.get(null));
  assert.ok(!left.includes("seller:JP:A1MKWDORMANT01"), `left ${left}`);
  for (const k of ["settings", "reported:JP:A1"]) assert.ok(left.includes(k), `${k} was cleared: left ${left}`);
});

test("messages outside the allow-list are refused at once", async () => {
  const cases = [
    ["clearCaches from a content script", { type: "clearCaches" }, fromContent],
    ["check from the options page", { type: "check", url: productURL, fragment: "" }, fromOptions],
    ["unknown type", { type: "eval" }, fromContent],
    ["another extension", { type: "check", url: productURL, fragment: "" }, { ...fromContent, id: "someoneelse" }],
  ];
  for (const [name, msg, sender] of cases) {
    const res = await send(msg, sender);
    assert.equal(res.ok, false, `${name}: ${JSON.stringify(res)}`);
    assert.ok(res.error, `${name}: no error text`);
  }
});
