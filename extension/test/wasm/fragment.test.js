// The content script's fragment, built by content/fragment.js in real
// Chromium from a real page, must read the same as the whole page: same
// marketplace, ASIN and buy-box offer, from a small share of the bytes.
// Then content/badge.js must render hostile seller names as text only.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ext = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const repo = path.resolve(ext, "..");
const shared = path.resolve(repo, "..", "shared", "fixtures", "amazon");
const wasmDir = path.join(ext, "wasm");
const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const contentScripts = ["content/selectors.js", "content/fragment.js", "content/badge.js"].map((f) => path.join(ext, f));

const pages = [
  ["jp/amazon_jp_available.html", "https://www.amazon.co.jp/dp/4088820053"],
  ["us/product_B01LW7X0JJ_fba_uxcell.html", "https://www.amazon.com/dp/B01LW7X0JJ"],
  ["us/product_B07H57DNVV_amazon.html", "https://www.amazon.com/dp/B07H57DNVV"],
  ["us/product_fba_direct_changm.html", "https://www.amazon.com/dp/B07PGL2ZSL"],
  ["uk/product_B01LW7X0JJ_merchant_ascot_city.html", "https://www.amazon.co.uk/dp/B01LW7X0JJ"],
  ["uk/product_goldstone_books.html", "https://www.amazon.co.uk/dp/0241559405"],
  ["de/product_B01LW7X0JJ_merchant_weisser_berg.html", "https://www.amazon.de/dp/B01LW7X0JJ"],
  ["us/captcha.html", "https://www.amazon.com/dp/B01LW7X0JJ"],
];

let api;
let browser;
let page;

before(async () => {
  if (!fs.existsSync(path.join(wasmDir, "mikiwame.wasm")) || !fs.existsSync(path.join(wasmDir, "wasm_exec.js"))) {
    execFileSync("make", ["wasm"], { cwd: repo, stdio: "inherit" });
  }
  if (!globalThis.mikiwame) {
    await import(pathToFileURL(path.join(wasmDir, "wasm_exec.js")).href);
    const go = new globalThis.Go();
    const { instance } = await WebAssembly.instantiate(fs.readFileSync(path.join(wasmDir, "mikiwame.wasm")), go.importObject);
    go.run(instance);
  }
  api = globalThis.mikiwame;
  const { chromium } = await import("playwright-core");
  browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox", "--disable-gpu"] });
  page = await browser.newPage();
  await page.route("**/*", (r) => r.abort()); // the saved pages must not reach the network
});

after(async () => {
  if (browser) await browser.close();
});

// load shows html in the page with the content scripts' helpers added.
async function load(html) {
  await page.setContent(html, { waitUntil: "domcontentloaded" });
  for (const f of contentScripts) await page.addScriptTag({ content: fs.readFileSync(f, "utf8") });
}

const summary = (l) => JSON.stringify({ m: l.marketplace, a: l.asin, o: l.offer });

// median runs f n times and returns the median time in ms.
function median(f, n = 21) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[n >> 1];
}

// normalize re-serializes a fragment through Chromium's parser with
// attributes sorted, so Go's and Chromium's ways of writing the same tree
// compare equal.
function normalize(html) {
  return page.evaluate((h) => {
    const doc = new DOMParser().parseFromString(h, "text/html");
    for (const e of doc.querySelectorAll("*")) {
      const attrs = [...e.attributes].map((a) => [a.name, a.value]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
      for (const [name] of attrs) e.removeAttribute(name);
      for (const [name, value] of attrs) e.setAttribute(name, value);
    }
    return doc.documentElement.outerHTML;
  }, html);
}

// firstDifference shows where two strings part, with some context.
function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at ${i}: …${a.slice(Math.max(0, i - 80), i + 80)}… vs …${b.slice(Math.max(0, i - 80), i + 80)}…`;
}

test("the fragment of a real page reads like the whole page, and as amazon.Fragment builds it", async (t) => {
  if (!fs.existsSync(shared)) {
    if (process.env.MIKIWAME_REQUIRE_FIXTURES === "1") throw new Error(`fixtures missing at ${shared}`);
    t.skip(`fixtures missing at ${shared}`);
    return;
  }
  const files = pages.map(([file]) => path.join(shared, file));
  const goFragments = JSON.parse(
    execFileSync("go", ["run", "./wasm/internal/gofragment"], { cwd: repo, input: JSON.stringify(files), maxBuffer: 64 << 20 }).toString(),
  );
  for (const [i, [file, url]] of pages.entries()) {
    await t.test(file, async () => {
      const html = fs.readFileSync(files[i], "utf8");
      await load(html);
      const frag = await page.evaluate(() => globalThis.mikiwameFragment.build(document, globalThis.MIKIWAME_FRAGMENT_SELECTORS));
      const buildMs = await page.evaluate(() => {
        const t0 = performance.now();
        for (let i = 0; i < 10; i++) globalThis.mikiwameFragment.build(document, globalThis.MIKIWAME_FRAGMENT_SELECTORS);
        return (performance.now() - t0) / 10;
      });
      const whole = api.extract("product", html, url);
      const part = api.extract("product", frag.html, url);
      assert.equal(part.ok, whole.ok, `extract(fragment of ${file}).ok = ${part.ok}; want ${whole.ok} (${part.error || ""})`);
      if (whole.ok) {
        assert.equal(summary(part.listing), summary(whole.listing), `fragment of ${file}`);
      } else {
        assert.equal(part.code, whole.code, `fragment of ${file}: code`);
      }
      // The Go builder reads the same, and, written by one serializer,
      // is the same tree.
      const fromGo = api.extract("product", goFragments[i], url);
      assert.deepEqual(fromGo, part, `extract(amazon.Fragment(${file})) = ${JSON.stringify(fromGo)}; want ${JSON.stringify(part)}`);
      const [goTree, jsTree] = [await normalize(goFragments[i]), await normalize(frag.html)];
      assert.ok(goTree === jsTree, `amazon.Fragment(${file}) differs from the content script's fragment ${firstDifference(goTree, jsTree)}`);
      if (whole.ok) assert.ok(frag.html.length < html.length / 20, `fragment of ${file} is ${frag.html.length} chars of ${html.length}`);
      const partMs = median(() => api.extract("product", frag.html, url));
      const wholeMs = median(() => api.extract("product", html, url), 3);
      t.diagnostic(
        `${file}: fragment ${(frag.html.length / 1024).toFixed(1)} KiB of ${(html.length / 1024).toFixed(0)} KiB, built in ${buildMs.toFixed(2)} ms; ` +
          `wasm extract ${partMs.toFixed(2)} ms (median) vs ${wholeMs.toFixed(1)} ms for the page`,
      );
    });
  }
});

test("the fragment leaves out scripts, comments, bulky attributes and runs of spaces", async () => {
  await load(`<title>T</title><div id="desktop_buybox" style="color:red" data-a-dynamic-image="{&quot;x&quot;:1}"><!-- note --><script>var x = 1;</script>
    <span class="a-price" data-a-strike="true">  ￥1,000  </span><svg><text>icon</text></svg><select><option>1</option></select><noscript>n</noscript>
    <a href="/sp?seller=A1SELLER000001" aria-label="x">Seller</a><template><p>t</p></template><img src="/i.jpg" srcset="/a.jpg 2x" alt="a"></div>`);
  const frag = await page.evaluate(() => globalThis.mikiwameFragment.build(document, globalThis.MIKIWAME_FRAGMENT_SELECTORS));
  assert.equal(
    frag.html,
    '<html><head><title>T</title></head><body><div id="desktop_buybox"> <span class="a-price" data-a-strike="true"> ￥1,000 </span>' +
      ' <a href="/sp?seller=A1SELLER000001">Seller</a><img src="/i.jpg" alt="a"></div></body></html>',
  );
  const live = await page.evaluate(() => document.querySelectorAll("#desktop_buybox script, #desktop_buybox svg").length);
  assert.equal(live, 2, "the page itself is left as it was");
});

test("building the fragment fetches nothing", async () => {
  const requests = [];
  // Only this page's own images count: an earlier page's stylesheet may
  // still be fetching its sprites.
  const onRequest = (r) => r.url().startsWith("https://img.example/") && requests.push(r.url());
  page.on("request", onRequest);
  try {
    await load(`<div id="desktop_buybox"><img src="https://img.example/pixel.gif?buybox"><img src="https://img.example/b.png" srcset="https://img.example/b2.png 2x"></div>`);
    await page.waitForTimeout(100);
    const before = requests.length;
    assert.ok(before >= 1, `the page's own images were requested: ${JSON.stringify(requests)}`);
    await page.evaluate(() => {
      for (let i = 0; i < 3; i++) globalThis.mikiwameFragment.build(document, globalThis.MIKIWAME_FRAGMENT_SELECTORS);
    });
    await page.waitForTimeout(200);
    assert.deepEqual(requests.slice(before), [], "requests made while building fragments");
  } finally {
    page.off("request", onRequest);
  }
});

test("the fragment leaves out the badge and what is inside a taken element", async () => {
  await load(`<title>T &amp; <x></title><div id="desktop_buybox"><div id="merchant-info">Sold by X</div>
    <div id="mikiwame-badge">badge</div></div><div id="productTitle">Title</div><div id="elsewhere">no</div>`);
  const frag = await page.evaluate(() => globalThis.mikiwameFragment.build(document, globalThis.MIKIWAME_FRAGMENT_SELECTORS));
  assert.equal(frag.count, 2, "buy box and title; merchant-info is inside the buy box");
  assert.ok(!frag.html.includes("mikiwame-badge"), "our own badge is not sent");
  assert.ok(!frag.html.includes("elsewhere"));
  assert.ok(frag.html.startsWith("<html><head><title>T &amp; &lt;x&gt;</title></head><body>"), frag.html.slice(0, 80));
  assert.ok(frag.html.indexOf("desktop_buybox") < frag.html.indexOf("productTitle"), "document order");
});

test("the badge renders hostile text as text, under the buy box", async () => {
  await load(`<div id="ppd"><div id="rightCol"><div id="desktop_buybox">buy</div></div></div>`);
  const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';
  const result = {
    ok: true,
    level: "danger",
    sellerName: hostile,
    sellerId: "A1MKWDORMANT01",
    reportable: true,
    apiReachable: false,
    sellerData: "unavailable",
    explanation: { title: "危険", summary: hostile, reasons: [{ code: "DORMANT_ACCOUNT", severity: "high", text: hostile }] },
    ui: { ui_seller: "出品者：$1", ui_page_only: "page only", ui_seller_unavailable: "seller unavailable", report_button: "報告" },
  };
  const got = await page.evaluate((r) => {
    globalThis.mikiwameBadge.render(document, r, async () => ({ ok: true }));
    const h = document.getElementById("mikiwame-badge");
    const root = globalThis.mikiwameBadge.root(h);
    return {
      level: h.dataset.level,
      state: h.dataset.state,
      after: h.previousElementSibling && h.previousElementSibling.id,
      title: root.querySelector(".mkw-title").textContent,
      seller: root.querySelector(".mkw-seller").textContent,
      reasons: [...root.querySelectorAll(".mkw-reason")].map((e) => [e.dataset.code, e.textContent]),
      notes: [...root.querySelectorAll(".mkw-note")].map((e) => e.dataset.note),
      elements: root.querySelectorAll("img, script").length,
      report: Boolean(root.querySelector("button.mkw-report")),
    };
  }, result);
  await page.waitForTimeout(50);
  assert.equal(await page.evaluate(() => window.__pwned), undefined, "no page-derived markup ran");
  assert.deepEqual(got, {
    level: "danger",
    state: "done",
    after: "desktop_buybox",
    title: "危険",
    seller: "出品者：" + hostile,
    reasons: [["DORMANT_ACCOUNT", hostile]],
    notes: ["seller-unavailable", "page-only"],
    elements: 0,
    report: true,
  });
});

test("the report button answers only a real click, then opens the extension's report frame", async () => {
  await load(`<div id="buybox">buy</div>`);
  const before = await page.evaluate(() => {
    globalThis.__opened = 0;
    globalThis.chrome = { runtime: { getURL: (p) => "chrome-extension://mkw/" + p } };
    const r = { ok: true, level: "caution", sellerId: "A1MKWDORMANT01", reportable: true, explanation: { title: "注意", reasons: [] }, ui: {} };
    const b = globalThis.mikiwameBadge;
    b.render(document, r, async () => {
      globalThis.__opened++;
      return { ok: true };
    });
    const root = b.root(b.find(document));
    const button = root.querySelector(".mkw-report");
    button.click();
    button.dispatchEvent(new MouseEvent("click", { bubbles: true }));
    const rect = button.getBoundingClientRect();
    return { opened: globalThis.__opened, x: rect.x + rect.width / 2, y: rect.y + rect.height / 2, open: document.getElementById("mikiwame-badge").shadowRoot };
  });
  assert.equal(before.opened, 0, "a script's click opened the report");
  assert.equal(before.open, null, "the badge's shadow root is open to the page");
  await page.mouse.click(before.x, before.y);
  const after = await page.evaluate(() => {
    const b = globalThis.mikiwameBadge;
    const frame = b.root(b.find(document)).querySelector("iframe.mkw-report-frame");
    return { opened: globalThis.__opened, src: frame && frame.src, open: b.reportOpen(document) };
  });
  assert.deepEqual(after, { opened: 1, src: "chrome-extension://mkw/report/report.html", open: true });
  // The worker's "sent" closes the frame and leaves the button off.
  const done = await page.evaluate(() => {
    const b = globalThis.mikiwameBadge;
    b.reportDone(document, "sent", { report_sent: "sent!" });
    const root = b.root(b.find(document));
    delete globalThis.chrome;
    return { open: b.reportOpen(document), status: root.querySelector(".mkw-report-status").dataset.result, text: root.querySelector(".mkw-report-status").textContent, disabled: root.querySelector(".mkw-report").disabled };
  });
  assert.deepEqual(done, { open: false, status: "sent", text: "sent!", disabled: true });
});

test("no report button where there is no seller to report", async () => {
  await load(`<div id="buybox">buy</div>`);
  const got = await page.evaluate(() => {
    const b = globalThis.mikiwameBadge;
    const out = {};
    const cases = {
      unreadable: { ok: true, level: "unknown", reportable: false, explanation: { title: "?", reasons: [] } },
      failed: { ok: false, error: "x" },
      amazon: { ok: true, level: "ok", reportable: true, explanation: { title: "ok", reasons: [{ code: "SOLD_BY_AMAZON", severity: "good" }] } },
      seller: { ok: true, level: "caution", reportable: true, sellerId: "A1MKWDORMANT01", explanation: { title: "!", reasons: [] } },
    };
    for (const [name, r] of Object.entries(cases)) {
      b.render(document, { ui: {}, ...r }, async () => ({ ok: true }));
      out[name] = Boolean(b.root(b.find(document)).querySelector(".mkw-report"));
    }
    return out;
  });
  assert.deepEqual(got, { unreadable: false, failed: false, amazon: false, seller: true });
});

test("a failed check shows the catalogue's words, never the worker's English error", async () => {
  await load(`<div id="buybox">buy</div>`);
  const read = () => {
    const root = globalThis.mikiwameBadge.root(document.getElementById("mikiwame-badge"));
    return { level: root.host.dataset.level, title: root.querySelector(".mkw-title").textContent, text: root.textContent, button: Boolean(root.querySelector(".mkw-report")) };
  };
  const error = "Could not establish connection. Receiving end does not exist.";
  // The worker answered: its strings are used.
  const answered = await page.evaluate(
    ([error, read]) => {
      globalThis.mikiwameBadge.render(document, { ok: false, error, ui: { ui_error: "確認できませんでした", report_button: "報告" } }, async () => ({}));
      return new Function(`return (${read})()`)();
    },
    [error, read.toString()],
  );
  assert.equal(answered.level, "unknown");
  assert.equal(answered.title, "確認できませんでした");
  assert.equal(answered.button, false, "a failed check has no seller to report");
  assert.ok(!answered.text.includes(error), `badge text = ${answered.text}; want no raw error`);
  // The worker did not answer: the browser's catalogue stands in.
  const unanswered = await page.evaluate(
    ([error, read]) => {
      globalThis.chrome = { i18n: { getMessage: (key) => `[${key}]` } };
      try {
        globalThis.mikiwameBadge.render(document, { ok: false, error }, async () => ({}));
        return new Function(`return (${read})()`)();
      } finally {
        delete globalThis.chrome;
      }
    },
    [error, read.toString()],
  );
  assert.equal(unanswered.title, "[ui_error]");
  assert.equal(unanswered.button, false);
  assert.ok(!unanswered.text.includes(error), `badge text = ${unanswered.text}; want no raw error`);
});

test("page elements that carry the badge's id or class are not taken for it", async () => {
  await load(`<div id="mikiwame-badge">page's own</div><div id="buybox">buy</div><div id="aod-offer"><div class="mikiwame-offer-badge">x</div></div>`);
  const got = await page.evaluate(() => {
    const b = globalThis.mikiwameBadge;
    b.render(document, { ok: true, level: "caution", explanation: { title: "注意", reasons: [] }, ui: {} }, async () => ({}));
    const h = b.find(document);
    const offer = document.getElementById("aod-offer");
    b.offerBadge(document, offer, { level: "danger", sellerId: "A1", title: "危険" }, "t");
    const ours = [...offer.querySelectorAll(".mikiwame-offer-badge")].filter((e) => b.root(e));
    return {
      title: b.root(h).querySelector(".mkw-title").textContent,
      after: h.previousElementSibling && h.previousElementSibling.id,
      fake: document.querySelector("#mikiwame-badge").textContent,
      offer: ours.map((e) => b.root(e).querySelector(".mkw-title").textContent),
    };
  });
  assert.deepEqual(got, { title: "注意", after: "buybox", fake: "page's own", offer: ["危険"] });
});

test("offer badges carry the level and seller", async () => {
  await load(`<div id="aod-container"><div id="aod-pinned-offer">p</div><div id="aod-offer">o</div></div>`);
  const got = await page.evaluate(() => {
    const els = document.querySelectorAll("#aod-pinned-offer, #aod-offer");
    globalThis.mikiwameBadge.offerBadge(document, els[0], { level: "danger", sellerId: "A1", title: "危険" }, "t");
    globalThis.mikiwameBadge.offerBadge(document, els[1], { level: "weird", sellerId: "A2", title: "?" }, "t");
    globalThis.mikiwameBadge.offerBadge(document, els[0], { level: "ok", sellerId: "A1", title: "安全" }, "t");
    return [...document.querySelectorAll(".mikiwame-offer-badge")].map((h) => [h.dataset.level, h.dataset.sellerId, globalThis.mikiwameBadge.root(h).querySelector(".mkw-title").textContent]);
  });
  assert.deepEqual(got, [["ok", "A1", "安全"], ["unknown", "A2", "?"]]);
});

test("'no warning signs' appears only on an ok verdict", async () => {
  await load(`<div id="buybox">buy</div>`);
  const got = await page.evaluate(() => {
    const out = {};
    for (const level of ["ok", "unknown", "caution"]) {
      globalThis.mikiwameBadge.render(document, { ok: true, level, explanation: { title: level, reasons: [] }, ui: { ui_no_reasons: "none" } }, async () => ({}));
      out[level] = Boolean(globalThis.mikiwameBadge.root(document.getElementById("mikiwame-badge")).querySelector(".mkw-no-reasons"));
    }
    return out;
  });
  assert.deepEqual(got, { ok: true, unknown: false, caution: false });
});

test("the profile caveat is said once, on top, whether or not a reason says it too", async () => {
  await load(`<div id="buybox">buy</div>`);
  const got = await page.evaluate(() => {
    const base = { ok: true, level: "caution", sellerData: "unavailable", sellerWhy: "timeout", ui: { ui_caveat_timeout: "too slow" } };
    const out = [];
    for (const reasons of [[], [{ code: "SELLER_PROFILE_UNAVAILABLE", severity: "info", text: "x" }, { code: "LONG_DELIVERY", severity: "medium", text: "y" }]]) {
      globalThis.mikiwameBadge.render(document, { ...base, explanation: { title: "t", reasons } }, async () => ({}));
      const root = globalThis.mikiwameBadge.root(document.getElementById("mikiwame-badge"));
      const notes = root.querySelectorAll('[data-note="seller-unavailable"]');
      out.push({ notes: notes.length, why: notes[0].dataset.why, text: notes[0].textContent, reasons: [...root.querySelectorAll(".mkw-reason")].map((r) => r.dataset.code) });
    }
    return out;
  });
  assert.deepEqual(got, [
    { notes: 1, why: "timeout", text: "too slow", reasons: [] },
    { notes: 1, why: "timeout", text: "too slow", reasons: ["LONG_DELIVERY"] },
  ]);
});

test("a pending page-only result looks neutral, shows only warnings, then gives way to the verdict", async () => {
  await load(`<div id="ppd"><div id="rightCol"><div id="desktop_buybox">buy</div></div></div>`);
  // A stand-in for the extension API: the check is answered when the test says so.
  await page.evaluate(() => {
    globalThis.__sent = [];
    globalThis.chrome = {
      runtime: {
        id: "mkw",
        sendMessage: (msg) => new Promise((resolve) => globalThis.__sent.push({ msg, resolve })),
        onMessage: { addListener: (f) => (globalThis.__listener = f) },
      },
      i18n: { getMessage: () => "checking" },
    };
  });
  await page.addScriptTag({ content: fs.readFileSync(path.join(ext, "content", "content.js"), "utf8") });
  const ui = { ui_checking_seller: "checking the seller", ui_seller_pending: "reading the seller", ui_seller: "Seller: $1" };
  const pageOnly = {
    ok: true,
    pending: true,
    level: "ok",
    sellerId: "A1MKWNEWSELLR1",
    sellerName: "New Shop",
    explanation: {
      title: "No warning signs",
      summary: "looks fine",
      reasons: [
        { code: "PRICE_SOMEWHAT_BELOW_MARKET", severity: "medium", text: "cheap" },
        { code: "FULFILLED_BY_AMAZON", severity: "good", text: "FBA" },
      ],
    },
    ui,
  };
  const read = () =>
    page.evaluate(() => {
      const h = document.getElementById("mikiwame-badge");
      const root = globalThis.mikiwameBadge.root(h);
      return {
        state: h.dataset.state,
        level: h.dataset.level ?? null,
        title: root.querySelector(".mkw-title").textContent,
        reasons: [...root.querySelectorAll(".mkw-reason")].map((e) => e.dataset.code),
        notes: [...root.querySelectorAll(".mkw-note")].map((e) => e.dataset.note),
        color: root.querySelector(".mkw-card").style.getPropertyValue("--c"),
        summary: Boolean(root.querySelector(".mkw-summary")),
      };
    });
  const id = await page.evaluate(() => globalThis.__sent[0].msg.id);
  assert.equal(typeof id, "number", "the check carries an id for its pending result");

  // A stray interim for another check, or from elsewhere, is ignored.
  await page.evaluate(([r, id]) => {
    globalThis.__listener({ type: "interim", id: id + 1, result: r }, { id: "mkw" });
    globalThis.__listener({ type: "interim", id, result: r }, { id: "someone-else" });
  }, [pageOnly, id]);
  assert.equal((await read()).title, "checking");

  await page.evaluate(([r, id]) => globalThis.__listener({ type: "interim", id, result: r }, { id: "mkw" }), [pageOnly, id]);
  assert.deepEqual(await read(), {
    state: "pending",
    level: null,
    title: "checking the seller",
    reasons: ["PRICE_SOMEWHAT_BELOW_MARKET"],
    notes: ["seller-pending"],
    color: "#5f6368",
    summary: false,
  });

  const final = { ...pageOnly, pending: undefined, level: "danger", explanation: { title: "Danger", summary: "s", reasons: [{ code: "SELLER_NO_RATINGS", severity: "high", text: "new" }] } };
  await page.evaluate((r) => globalThis.__sent[0].resolve(r), final);
  await page.waitForFunction(() => document.getElementById("mikiwame-badge").dataset.state === "done");
  const done = await read();
  assert.equal(done.level, "danger");
  assert.deepEqual(done.reasons, ["SELLER_NO_RATINGS"]);

  // A late interim for an answered check changes nothing.
  await page.evaluate(([r, id]) => globalThis.__listener({ type: "interim", id, result: r }, { id: "mkw" }), [pageOnly, id]);
  assert.equal((await read()).state, "done");
});

test("'checking' is shown in the language the verdict will come in, once the worker has said it", async () => {
  await load(`<div id="buybox">buy</div>`);
  const title = async (settings, stored) => {
    await page.evaluate(([settings, stored]) => {
      globalThis.mikiwameStarted = false;
      globalThis.chrome = {
        runtime: { id: "mkw", sendMessage: () => new Promise(() => {}), onMessage: { addListener() {} } },
        i18n: { getMessage: () => "Checking this listing…", getUILanguage: () => "en-US" },
        storage: { local: { get: async () => ({ settings, ...stored }) } },
      };
      document.getElementById("mikiwame-badge")?.remove();
    }, [settings, stored]);
    await page.addScriptTag({ content: fs.readFileSync(path.join(ext, "content", "content.js"), "utf8") });
    await page.waitForTimeout(50);
    return page.evaluate(() => globalThis.mikiwameBadge.root(globalThis.mikiwameBadge.find(document)).querySelector(".mkw-title").textContent);
  };
  const ja = { "ui:ja": { ui_checking: "この出品を確認しています…" } };
  assert.equal(await title({ language: "ja" }, ja), "この出品を確認しています…", "Japanese chosen, English browser");
  assert.equal(await title({ language: "ja" }, {}), "Checking this listing…", "nothing stored yet: the browser's language");
  assert.equal(await title({ language: "auto" }, ja), "Checking this listing…", "auto, not amazon.co.jp, English browser");
});
