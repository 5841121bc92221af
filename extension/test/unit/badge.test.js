// content/badge.js is a classic content script; its DOM-free parts (which
// reasons come first, whether there is a seller to report) are tested here
// in a bare context. Its DOM is tested in Chromium (test/e2e/badge.test.js).

import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { fileURLToPath } from "node:url";

const ext = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const context = vm.createContext({});
// In the manifest's order: the generated facts first.
for (const f of ["selectors.js", "badge.js"]) vm.runInContext(fs.readFileSync(path.join(ext, "content", f), "utf8"), context);
const badge = context.mikiwameBadge;

const r = (code, severity) => ({ code, severity });

test("order", async (t) => {
  const tests = [
    { name: "empty", in: [], want: [] },
    { name: "already worst first", in: [r("A", "high"), r("B", "medium"), r("C", "low")], want: ["A", "B", "C"] },
    {
      name: "high and medium first, verdict order kept within each",
      in: [r("G", "good"), r("L1", "low"), r("M1", "medium"), r("H1", "high"), r("I", "info"), r("M2", "medium"), r("H2", "high"), r("L2", "low")],
      want: ["H1", "H2", "M1", "M2", "G", "L1", "I", "L2"],
    },
    { name: "unknown or missing severity goes with the rest", in: [r("X", "weird"), {}, r("H", "high")], want: ["H", "X", undefined] },
  ];
  for (const tc of tests) {
    await t.test(tc.name, () => {
      // Spread: an array made in the script's context has another prototype.
      const got = [...badge.order(tc.in)].map((x) => x.code);
      assert.deepEqual(got, tc.want, `order(${JSON.stringify(tc.in)}) = ${JSON.stringify(got)}; want ${JSON.stringify(tc.want)}`);
    });
  }
});

test("order does not change its input", () => {
  const in_ = [r("L", "low"), r("H", "high")];
  badge.order(in_);
  assert.deepEqual(in_.map((x) => x.code), ["L", "H"]);
});

test("reportable", async (t) => {
  const seller = { ok: true, reportable: true };
  const tests = [
    { name: "third-party seller", in: { ...seller, verdict: { reasons: [r("DORMANT_ACCOUNT", "high")] } }, want: true },
    { name: "no reasons", in: { ...seller, verdict: { reasons: [] }, explanation: { reasons: [] } }, want: true },
    { name: "the worker says no seller (404, robot check, no offer)", in: { ok: true, reportable: false }, want: false },
    { name: "the worker did not say", in: { ok: true }, want: false },
    { name: "a failed check", in: { ok: false, reportable: true }, want: false },
    { name: "sold by Amazon (verdict)", in: { ...seller, verdict: { reasons: [r("SOLD_BY_AMAZON", "good")] } }, want: false },
    { name: "sold by Amazon (explanation only)", in: { ...seller, explanation: { reasons: [r("SOLD_BY_AMAZON", "good")] } }, want: false },
    { name: "fulfilled by Amazon is still a third-party seller", in: { ...seller, verdict: { reasons: [r("FULFILLED_BY_AMAZON", "good")] } }, want: true },
    { name: "malformed reasons", in: { ...seller, verdict: { reasons: "SOLD_BY_AMAZON" }, explanation: { reasons: [null] } }, want: true },
    { name: "nothing", in: null, want: false },
  ];
  for (const tc of tests) {
    await t.test(tc.name, () => {
      assert.equal(badge.reportable(tc.in), tc.want, `reportable(${JSON.stringify(tc.in)}) = ${!tc.want}; want ${tc.want}`);
    });
  }
});

test("conditionKey names only the conditions that are not new", () => {
  const cases = [["used", "ui_condition_used"], ["refurbished", "ui_condition_refurbished"], ["collectible", "ui_condition_collectible"], ["new", ""], ["", ""], [undefined, ""], ["__proto__", ""]];
  for (const [c, want] of cases) assert.equal(badge.conditionKey(c), want, `conditionKey(${c}) = ${badge.conditionKey(c)}; want ${want}`);
});

test("offerLine: the worst warning, or 'judged from the panel's rating line'", async (t) => {
  const w = (code, severity) => ({ code, severity, text: code + " sentence" });
  const cases = [
    { name: "a warning beats the caveat", offer: { level: "caution", reasons: [w("SELLER_PROFILE_UNAVAILABLE", "info"), w("SELLER_FEW_RATINGS", "medium"), w("SELLER_NO_RATINGS", "high")] }, want: { code: "SELLER_NO_RATINGS", text: "SELLER_NO_RATINGS sentence" } },
    { name: "a low warning still shows", offer: { level: "ok", reasons: [w("SELLER_FULFILLED", "low")] }, want: { code: "SELLER_FULFILLED", text: "SELLER_FULFILLED sentence" } },
    { name: "ok from the rating line", offer: { level: "ok", reasons: [w("FULFILLED_BY_AMAZON", "good"), w("SELLER_PROFILE_UNAVAILABLE", "info")] }, want: { code: "SELLER_PROFILE_UNAVAILABLE", key: "ui_offer_from_rating" } },
    { name: "unknown without a profile says nothing", offer: { level: "unknown", reasons: [w("SELLER_PROFILE_UNAVAILABLE", "info")] }, want: null },
    { name: "good signs alone say nothing", offer: { level: "ok", reasons: [w("SOLD_BY_AMAZON", "good")] }, want: null },
    { name: "no reasons", offer: { level: "ok" }, want: null },
  ];
  for (const c of cases) {
    await t.test(c.name, () => assert.deepEqual(JSON.parse(JSON.stringify(badge.offerLine(c.offer))), c.want));
  }
});
