import { test } from "node:test";
import assert from "node:assert/strict";
import { formatMoney, toolbarBadge, level, dayKey, truncate, LEVEL_COLORS } from "../../lib/format.js";

test("formatMoney", () => {
  const cases = [
    [{ amount: 12800, currency: "JPY" }, "ja", "￥12,800"],
    [{ amount: 2100, currency: "JPY" }, "en", "¥2,100"],
    [{ amount: 799, currency: "USD" }, "en", "$7.99"],
    [{ amount: 637, currency: "EUR" }, "en", "€6.37"],
    [{ amount: 1, currency: "usd" }, "en", ""],
    [{ amount: NaN, currency: "USD" }, "en", ""],
    [null, "en", ""],
  ];
  for (const [m, lang, want] of cases) assert.equal(formatMoney(m, lang), want, `formatMoney(${JSON.stringify(m)}, ${lang})`);
});

test("toolbarBadge and level", () => {
  assert.deepEqual(toolbarBadge("danger"), { text: "!!", color: LEVEL_COLORS.danger });
  assert.deepEqual(toolbarBadge("ok"), { text: "OK", color: LEVEL_COLORS.ok });
  assert.deepEqual(toolbarBadge("bogus"), toolbarBadge("unknown"));
  assert.equal(level("caution"), "caution");
  assert.equal(level(undefined), "unknown");
});

test("dayKey and truncate", () => {
  assert.equal(dayKey(Date.UTC(2026, 10, 24, 23, 59)), "2026-11-24");
  assert.equal(truncate("abcdef", 4), "abc…");
  assert.equal(truncate("abc", 4), "abc");
});
