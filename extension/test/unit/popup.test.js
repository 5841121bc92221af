// popup/popup.js in real Chromium, served from a stand-in origin with a
// stand-in chrome.*: the verdict must sit in the badge's card, in the
// badge's colours for its level, with the reasons styled and ordered as on
// the badge. (The e2e popup test checks the content against a real badge.)

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LEVEL_COLORS as COLORS } from "../../lib/facts.js";

const ext = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const origin = "https://ext.test";
const productURL = "https://www.amazon.co.jp/dp/B0MKWHJK01";
const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json" };


// rgb turns "#d93025" into the "rgb(217, 48, 37)" getComputedStyle gives.
function rgb(hex) {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
}

let browser;
let page; // a fresh one per open, so one stand-in chrome.* is installed

before(async () => {
  const { chromium } = await import("playwright-core");
  browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox", "--disable-gpu"] });
});

after(async () => {
  if (browser) await browser.close();
});

// open shows the popup with verdict stored for the tab in front.
async function open(verdict) {
  if (page) await page.close();
  page = await browser.newPage();
  await page.route("**/*", (route) => {
    const url = new URL(route.request().url());
    const file = path.join(ext, decodeURIComponent(url.pathname));
    if (url.origin !== origin || !file.startsWith(ext + path.sep) || !fs.existsSync(file)) return route.abort();
    return route.fulfill({ body: fs.readFileSync(file), contentType: types[path.extname(file)] || "application/octet-stream" });
  });
  await page.addInitScript(
    ([stored, url, base]) => {
      globalThis.chrome = {
        tabs: { query: async () => [{ id: 7, url }] },
        storage: { local: { get: async () => ({}) }, session: { get: async () => ({ "tab:7": stored }) } },
        i18n: { getUILanguage: () => "ja" },
        runtime: { getURL: (p) => `${base}/${p}`, openOptionsPage() {} },
      };
    },
    [verdict, productURL, origin],
  );
  await page.goto(`${origin}/popup/popup.html`);
  await page.locator("#level[data-level]").waitFor({ timeout: 10000 });
}

function verdict(level, reasons) {
  return {
    ok: true,
    level,
    url: productURL,
    marketplace: "JP",
    sellerName: "さくら雑貨店",
    explanation: { title: "T-" + level, summary: "S", reasons },
  };
}

test("the verdict card has the badge's colours for its level", async (t) => {
  for (const level of ["ok", "caution", "danger", "unknown"]) {
    await t.test(level, async () => {
      await open(verdict(level, []));
      const got = await page.evaluate(() => {
        const box = getComputedStyle(document.getElementById("verdict-box"));
        return { border: box.borderTopColor, width: box.borderTopWidth, background: box.backgroundColor, title: getComputedStyle(document.getElementById("level")).color };
      });
      const { color: c, background: bg } = COLORS[level];
      const want = { border: rgb(c), width: "2px", background: rgb(bg), title: rgb(c) };
      assert.deepEqual(got, want, `card of ${level} = ${JSON.stringify(got)}; want ${JSON.stringify(want)}`);
    });
  }
});

test("a failed check gets the unknown card", async () => {
  await open({ ok: false, level: "unknown", url: productURL, error: "x" });
  const border = await page.evaluate(() => getComputedStyle(document.getElementById("verdict-box")).borderTopColor);
  assert.equal(border, rgb(COLORS.unknown.color));
});

test("reasons are ordered and styled as on the badge, none folded", async () => {
  const reasons = [
    { code: "SELLER_FULFILLED", severity: "low", text: "low one" },
    { code: "ADDRESS_OVERSEAS", severity: "medium", text: "medium one" },
    { code: "DORMANT_ACCOUNT", severity: "high", text: "high one ¥2,600" },
    { code: "LONG_DELIVERY", severity: "medium", text: "medium two" },
    { code: "ESTABLISHED_SELLER", severity: "good", text: "good one" },
  ];
  await open(verdict("danger", reasons));
  const got = await page.evaluate(() =>
    [...document.querySelectorAll("#reasons li.mkw-reason")].map((li) => {
      const s = getComputedStyle(li);
      return { code: li.dataset.code, severity: li.dataset.severity, text: li.textContent, weight: s.fontWeight, color: s.color, shown: li.checkVisibility() };
    }),
  );
  const text = rgb("#202124");
  const want = [
    { code: "DORMANT_ACCOUNT", severity: "high", text: "high one ¥2,600", weight: "600", color: text, shown: true },
    { code: "ADDRESS_OVERSEAS", severity: "medium", text: "medium one", weight: "400", color: text, shown: true },
    { code: "LONG_DELIVERY", severity: "medium", text: "medium two", weight: "400", color: text, shown: true },
    { code: "SELLER_FULFILLED", severity: "low", text: "low one", weight: "400", color: text, shown: true },
    { code: "ESTABLISHED_SELLER", severity: "good", text: "good one", weight: "400", color: rgb(COLORS.ok.color), shown: true },
  ];
  assert.deepEqual(got, want);
  assert.equal(await page.locator(".mkw-more").count(), 0, "the popup folds nothing");
});
