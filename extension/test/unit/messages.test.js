import { test } from "node:test";
import assert from "node:assert/strict";
import { validate, CONTENT_TYPES, PAGE_TYPES, MAX_FRAGMENT } from "../../lib/messages.js";

const self = { id: "abcdefghijklmnopabcdefghijklmnop", origin: "chrome-extension://abcdefghijklmnopabcdefghijklmnop/" };
const tab = { id: 7, url: "https://www.amazon.co.jp/dp/B0MKWHJK01" };
const content = { id: self.id, tab, url: tab.url };
const page = { id: self.id, url: self.origin + "options/options.html" };
const url = "https://www.amazon.co.jp/dp/B0MKWHJK01";
const report = { type: "report", marketplace: "JP", sellerId: "A1MKWDORMANT01", asin: "B0MKWHJK01", reasons: ["NOT_DELIVERED"], note: "never came" };

test("validate", async (t) => {
  const cases = [
    ["check from Amazon", { type: "check", url, fragment: "<html></html>" }, content, true],
    ["check with empty fragment", { type: "check", url, fragment: "" }, content, true],
    ["checkOffers", { type: "checkOffers", url, fragment: "<div></div>" }, content, true],
    ["check with an id", { type: "check", url, fragment: "", id: 7 }, content, true],
    ["check with a string id", { type: "check", url, fragment: "", id: "7" }, content, false],
    ["check with a fractional id", { type: "check", url, fragment: "", id: 1.5 }, content, false],
    ["report", report, content, true],
    ["report without asin or note", { ...report, asin: undefined, note: undefined }, content, true],
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
    ["report bad marketplace", { ...report, marketplace: "XX" }, content, false],
    ["report bad seller", { ...report, sellerId: "a b" }, content, false],
    ["report bad asin", { ...report, asin: "short" }, content, false],
    ["report no reasons", { ...report, reasons: [] }, content, false],
    ["report unknown reason", { ...report, reasons: ["BORING"] }, content, false],
    ["report repeated reason", { ...report, reasons: ["OTHER", "OTHER"] }, content, false],
    ["report long note", { ...report, note: "x".repeat(501) }, content, false],
    ["twostep bad state", { type: "twostep", marketplace: "JP", state: "maybe" }, content, false],
  ];
  for (const [name, msg, sender, ok] of cases) {
    await t.test(name, () => {
      const got = validate(msg, sender, self);
      assert.equal(got.ok, ok, `validate(${name}) = ${JSON.stringify(got)}; want ok ${ok}`);
      if (!ok) assert.ok(got.error, `validate(${name}) gave no error text`);
    });
  }
});

test("allow-lists do not overlap", () => {
  for (const t of CONTENT_TYPES) assert.ok(!PAGE_TYPES.includes(t), `${t} is in both allow-lists`);
});
