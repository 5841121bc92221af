import { test } from "node:test";
import assert from "node:assert/strict";
import { toolbarBadge, level, dayKey, LEVEL_COLORS } from "../../lib/format.js";

test("toolbarBadge and level", () => {
  assert.deepEqual(toolbarBadge("danger"), { text: "!!", color: LEVEL_COLORS.danger.color });
  assert.deepEqual(toolbarBadge("ok"), { text: "OK", color: LEVEL_COLORS.ok.color });
  assert.deepEqual(toolbarBadge("bogus"), toolbarBadge("unknown"));
  assert.equal(level("caution"), "caution");
  assert.equal(level(undefined), "unknown");
});

test("dayKey is the UTC day", () => {
  assert.equal(dayKey(Date.UTC(2026, 10, 24, 23, 59)), "2026-11-24");
  assert.equal(dayKey(Date.UTC(2026, 10, 25, 0, 0)), "2026-11-25");
});
