import { test } from "node:test";
import assert from "node:assert/strict";
import { validate, dispatcher, MESSAGES, FROM, MAX_FRAGMENT } from "../../lib/messages.js";

const self = { id: "abcdefghijklmnopabcdefghijklmnop", origin: "chrome-extension://abcdefghijklmnopabcdefghijklmnop/" };
const tab = { id: 7, url: "https://www.amazon.co.jp/dp/B0MKWHJK01" };
const content = { id: self.id, tab, url: tab.url };
const page = { id: self.id, url: self.origin + "options/options.html" };
// The report frame inside an Amazon tab.
const frame = { id: self.id, tab, frameId: 3, url: self.origin + "report/report.html", origin: self.origin.slice(0, -1) };
const url = "https://www.amazon.co.jp/dp/B0MKWHJK01";
const report = { type: "report", reasons: ["NOT_DELIVERED"], note: "never came" };

test("validate", async (t) => {
  const cases = [
    ["check from Amazon", { type: "check", url, fragment: "<html></html>" }, content, true],
    ["check with empty fragment", { type: "check", url, fragment: "" }, content, true],
    ["checkOffers", { type: "checkOffers", url, fragment: "<div></div>" }, content, true],
    ["check with an id", { type: "check", url, fragment: "", id: 7 }, content, true],
    ["check with a string id", { type: "check", url, fragment: "", id: "7" }, content, false],
    ["check with a fractional id", { type: "check", url, fragment: "", id: 1.5 }, content, false],
    ["report from the report frame", report, frame, true],
    ["report without a note", { ...report, note: undefined }, frame, true],
    ["report from a content script", report, content, false],
    ["report from the options page", report, page, false],
    ["report from the frame in a tab that is not Amazon", report, { ...frame, tab: { id: 1, url: "https://evil.example/" } }, false],
    ["report from another extension page framed in a tab", report, { ...frame, url: self.origin + "options/options.html" }, false],
    ["report from the frame page as a tab's top frame", report, { ...frame, frameId: 0 }, false],
    ["report naming its seller", { ...report, sellerId: "A1MKWDORMANT01" }, frame, false],
    ["report naming its marketplace", { ...report, marketplace: "JP" }, frame, false],
    ["report naming its product", { ...report, asin: "B0MKWHJK01" }, frame, false],
    ["reportOpen from a content script", { type: "reportOpen" }, content, true],
    ["reportOpen from the frame", { type: "reportOpen" }, frame, false],
    ["reportForm from the frame", { type: "reportForm" }, frame, true],
    ["reportForm from a content script", { type: "reportForm" }, content, false],
    ["reportCancel from the frame", { type: "reportCancel" }, frame, true],
    ["openOptions from a content script", { type: "openOptions" }, content, true],
    ["openOptions from a page", { type: "openOptions" }, page, false],
    ["twostep", { type: "twostep", marketplace: "US", state: "off" }, content, true],
    ["clearCaches from options", { type: "clearCaches" }, page, true],
    // options_ui opens in a tab, so the sender has one.
    ["clearCaches from options in a tab", { type: "clearCaches" }, { ...page, tab: { id: 9, url: page.url }, origin: self.origin.slice(0, -1) }, true],
    ["clearCaches from a page claiming another origin", { type: "clearCaches" }, { ...page, origin: "https://www.amazon.co.jp" }, false],
    ["check from the options tab", { type: "check", url, fragment: "" }, { ...page, tab: { id: 9, url: page.url } }, false],
    ["another extension", { type: "check", url, fragment: "" }, { ...content, id: "other" }, false],
    ["no sender", { type: "check", url, fragment: "" }, undefined, false],
    ["not an object", "check", content, false],
    ["array", [{ type: "check" }], content, false],
    ["null", null, content, false],
    ["no type", { url }, content, false],
    ["unknown type", { type: "eval", code: "1" }, content, false],
    ["prototype key as type", { type: "constructor" }, content, false],
    ["page-only type from content", { type: "clearCaches" }, content, false],
    ["content type from a page", { type: "check", url, fragment: "" }, page, false],
    ["content script on another site", { type: "check", url, fragment: "" }, { id: self.id, tab: { id: 1, url: "https://evil.example/" }, url: "https://evil.example/" }, false],
    ["look-alike host", { type: "check", url: "https://www.amazon.co.jp.evil.example/dp/B0", fragment: "" }, content, false],
    ["http url", { type: "check", url: "http://www.amazon.co.jp/dp/B0MKWHJK01", fragment: "" }, content, false],
    ["fragment not a string", { type: "check", url, fragment: 42 }, content, false],
    ["fragment too big", { type: "check", url, fragment: "x".repeat(MAX_FRAGMENT + 1) }, content, false],
    ["report no reasons", { ...report, reasons: [] }, frame, false],
    ["report unknown reason", { ...report, reasons: ["BORING"] }, frame, false],
    ["report repeated reason", { ...report, reasons: ["OTHER", "OTHER"] }, frame, false],
    ["report long note", { ...report, note: "x".repeat(501) }, frame, false],
    ["twostep bad state", { type: "twostep", marketplace: "JP", state: "maybe" }, content, false],
  ];
  for (const [name, msg, sender, ok] of cases) {
    await t.test(name, () => {
      const got = validate(MESSAGES, msg, sender, self);
      assert.equal(got.ok, ok, `validate(${name}) = ${JSON.stringify(got)}; want ok ${ok}`);
      if (!ok) assert.ok(got.error, `validate(${name}) gave no error text`);
    });
  }
});

test("every message type names its sender, a validator and a handler", () => {
  const types = Object.keys(MESSAGES);
  assert.deepEqual(types.sort(), ["check", "checkOffers", "clearCaches", "openOptions", "report", "reportCancel", "reportForm", "reportOpen", "status", "twostep"]);
  for (const [type, kind] of Object.entries(MESSAGES)) {
    assert.ok(Object.values(FROM).includes(kind.from), `${type}: from = ${kind.from}`);
    assert.equal(typeof kind.validate, "function", `${type} has no validator`);
    assert.equal(typeof kind.handle, "function", `${type} has no handler`);
  }
});

// send runs dispatch as Chrome would: the listener's return value says
// whether the answer comes later; the answer itself is awaited.
function send(dispatch, msg, sender) {
  return new Promise((resolve) => {
    const later = dispatch(msg, sender, resolve);
    assert.equal(typeof later, "boolean", "the listener returns a boolean, never a promise");
  });
}

test("dispatch answers every message, whatever its handler does", async (t) => {
  const quiet = t.mock.method(console, "error", () => {});
  t.mock.method(console, "warn", () => {});
  const w = { calls: [] };
  const table = {
    fine: { from: FROM.CONTENT, validate: () => "", handle: async (worker, msg) => ({ ok: true, got: msg.n, same: worker === w }) },
    rejects: { from: FROM.CONTENT, validate: () => "", handle: async () => Promise.reject(new Error("down")) },
    throws: { from: FROM.CONTENT, validate: () => "", handle: () => { throw new Error("at once"); } },
    noHandler: { from: FROM.CONTENT, validate: () => "" },
    picky: { from: FROM.CONTENT, validate: (m) => (m.n === 1 ? "" : "n must be 1"), handle: async () => ({ ok: true }) },
  };
  const dispatch = dispatcher(table, w, self);
  assert.deepEqual(await send(dispatch, { type: "fine", n: 3 }, content), { ok: true, got: 3, same: true });
  assert.deepEqual(await send(dispatch, { type: "rejects" }, content), { ok: false, error: "down" });
  assert.deepEqual(await send(dispatch, { type: "throws" }, content), { ok: false, error: "at once" });
  const missing = await send(dispatch, { type: "noHandler" }, content);
  assert.equal(missing.ok, false);
  assert.ok(missing.error, "a type without a handler is answered with an error");
  assert.deepEqual(await send(dispatch, { type: "picky", n: 2 }, content), { ok: false, error: "picky: n must be 1" });
  assert.equal((await send(dispatch, { type: "fine" }, page)).ok, false, "a content type from an extension page");
  assert.equal(quiet.mock.callCount(), 3, "each failed handler is logged once");
});
