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

test("the build's API address (make run's MIKIWAME_ADDR) is the default until the shopper saves one", async () => {
  const area = new MemoryArea();
  assert.equal((await loadSettings(area)).apiURL, DEFAULTS.apiURL, "no build.json: the usual default");
  assert.equal((await loadSettings(area, { apiURL: "http://127.0.0.1:9191/" })).apiURL, "http://127.0.0.1:9191");
  assert.equal((await loadSettings(area, { apiURL: "http://192.0.2.1:8080" })).apiURL, DEFAULTS.apiURL, "plain http elsewhere is refused, as in the options");
  await saveSettings(area, { apiURL: "http://localhost:7000" });
  assert.equal((await loadSettings(area, { apiURL: "http://127.0.0.1:9191" })).apiURL, "http://localhost:7000", "the shopper's choice wins");
});

test("loadBuild reads build.json once, and says nothing when there is none", async () => {
  const { loadBuild, parseBuild } = await import("../../lib/build.js");
  assert.deepEqual(parseBuild({ version: "v1.2-3-gabc", apiURL: "http://127.0.0.1:9191", extra: 1 }), { version: "v1.2-3-gabc", apiURL: "http://127.0.0.1:9191" });
  assert.deepEqual(parseBuild(null), { version: "", apiURL: "" });
  assert.deepEqual(parseBuild({ version: 7, apiURL: "x".repeat(300) }), { version: "", apiURL: "" });
  let calls = 0;
  const got = await loadBuild({
    getURL: (p) => "chrome-extension://x/" + p,
    fetch: async (u) => {
      calls++;
      assert.equal(u, "chrome-extension://x/build.json");
      return { ok: true, json: async () => ({ version: "abc1234", apiURL: "http://127.0.0.1:9191" }) };
    },
  });
  assert.deepEqual(got, { version: "abc1234", apiURL: "http://127.0.0.1:9191" });
  await loadBuild();
  assert.equal(calls, 1);
});

test("an empty address is 'no server': kept, never replaced by a default, and every token goes", async () => {
  assert.equal(normalize({ apiURL: "" }).apiURL, "");
  assert.equal(normalize({ apiURL: "   " }).apiURL, DEFAULTS.apiURL, "blanks are a typo, not a choice");
  const area = new MemoryArea();
  await area.set({ "apiToken:http://127.0.0.1:8080": { token: "t1" }, other: 1 });
  await saveSettings(area, { ...DEFAULTS, apiURL: "" });
  assert.equal((await loadSettings(area, { apiURL: "http://127.0.0.1:9191" })).apiURL, "", "the build's default replaced no server");
  assert.deepEqual(Object.keys(await area.get(null)).sort(), ["other", "settings"]);
});
