import { test } from "node:test";
import assert from "node:assert/strict";
import { checkAPIURL, normalize, permissionPattern, DEFAULTS, loadSettings, saveSettings } from "../../lib/settings.js";
import { MemoryArea } from "../../lib/cache.js";

test("checkAPIURL", () => {
  const cases = [
    ["http://127.0.0.1:8080", { ok: true, url: "http://127.0.0.1:8080", local: true }],
    ["http://localhost:9000/", { ok: true, url: "http://localhost:9000", local: true }],
    ["https://api.example.org/mikiwame/", { ok: true, url: "https://api.example.org/mikiwame", local: false }],
    ["  https://api.example.org  ", { ok: true, url: "https://api.example.org", local: false }],
    ["http://api.example.org", { ok: false }],
    ["ftp://127.0.0.1", { ok: false }],
    ["javascript:alert(1)", { ok: false }],
    ["https://user:pw@api.example.org", { ok: false }],
    ["https://api.example.org/?x=1", { ok: false }],
    ["not a url", { ok: false }],
    ["", { ok: false }],
    [42, { ok: false }],
  ];
  for (const [input, want] of cases) {
    const got = checkAPIURL(input);
    assert.equal(got.ok, want.ok, `checkAPIURL(${JSON.stringify(input)}) = ${JSON.stringify(got)}`);
    if (want.ok) {
      assert.equal(got.url, want.url, `checkAPIURL(${input}).url`);
      assert.equal(got.local, want.local, `checkAPIURL(${input}).local`);
    } else {
      assert.ok(got.error, `checkAPIURL(${JSON.stringify(input)}) gave no error`);
    }
  }
});

test("normalize falls back to defaults field by field", () => {
  assert.deepEqual(normalize(undefined), DEFAULTS);
  assert.deepEqual(normalize({ apiURL: "http://evil.example", sharePrices: "yes", language: "fr" }), DEFAULTS);
  assert.deepEqual(normalize({ apiURL: "https://x.example/", sharePrices: true, language: "ja" }), { apiURL: "https://x.example", sharePrices: true, language: "ja" });
  assert.equal(DEFAULTS.sharePrices, false, "sharing prices is opt-in");
});

test("save and load", async () => {
  const area = new MemoryArea();
  assert.deepEqual(await loadSettings(area), DEFAULTS);
  await saveSettings(area, { ...DEFAULTS, language: "en" });
  assert.equal((await loadSettings(area)).language, "en");
});

test("saving an API address forgets the tokens of the others", async () => {
  const area = new MemoryArea();
  await area.set({ "apiToken:https://old.example": { token: "t1" }, "apiToken:https://new.example": { token: "t2" }, settings: DEFAULTS, other: 1 });
  await saveSettings(area, { ...DEFAULTS, apiURL: "https://new.example/" });
  assert.deepEqual(Object.keys(await area.get(null)).sort(), ["apiToken:https://new.example", "other", "settings"]);
});

test("permissionPattern", () => {
  assert.equal(permissionPattern("https://api.example.org:8443/x"), "https://api.example.org/*");
});
