// The badge in real Firefox ESR, the scenarios of test/e2e/badge.test.js
// and hostile.test.js that apply: a hijacked-looking listing (danger, with
// its numbers), a product Amazon sells (safe), pages that cannot be judged,
// the all-offers panel, hostile seller names, and the first check's timing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { message, screenshotsDir } from '../e2e/env.js';
import { sharedFixturesReason } from '../e2e/harness.js';
import { hostileNames, jpNotAvailableURL, jpNotFoundURL, jpProductURL, usCaptchaURL } from '../e2e/site.js';
import { environment, inBadge, openPage, readBadge, shadowCall, waitFor } from './firefox.js';

const env = environment();

function wantReasons(badge, want) {
  for (const [code, fragments] of Object.entries(want)) {
    const r = badge.reasons.find((x) => x.code === code);
    assert.ok(r, `reasons = ${JSON.stringify(badge.reasons.map((x) => x.code))}; want ${code}`);
    for (const f of fragments) assert.ok(r.text.includes(f), `reason ${code} = ${JSON.stringify(r.text)}; want ${JSON.stringify(f)}`);
  }
}

test('the first check in a fresh Firefox profile gives the verdict, on time', { timeout: 60000 }, async () => {
  const status = await env.browser.sendMessage({ type: 'status' });
  assert.deepEqual(status.checkTimes, [], 'a check ran before the first page');
  const page = await openPage(env, jpProductURL('B0MKWHJK01'));
  const badge = await readBadge(page);
  assert.equal(badge.level, 'danger');
  const { checkTimes, checkerLoads } = await env.browser.sendMessage({ type: 'status' });
  assert.equal(checkTimes.length >= 1, true, `checkTimes = ${checkTimes}; want the first check timed`);
  // Generous: the figure goes to docs/BENCHMARKS.md through make bench; this
  // catches a checker that recompiles per check or hangs on a lock.
  assert.ok(checkTimes[0] < 5000, `first check took ${checkTimes[0]} ms; want under 5 s`);
  assert.equal(checkerLoads, 1, `the checker started ${checkerLoads} times; want once`);
  await page.close();
});

test('hijacked-looking listing gets a red badge with the reasons and their numbers', { timeout: 60000 }, async () => {
  const page = await openPage(env, jpProductURL('B0MKWHJK01'));
  const badge = await readBadge(page);
  assert.equal(badge.level, 'danger', `level = ${badge.level}; want danger (${badge.text})`);
  assert.equal(badge.title, '危険');
  wantReasons(badge, {
    PRICE_FAR_BELOW_LIST_PRICE: ['¥2,600', '¥40,800', '93%'],
    DORMANT_ACCOUNT: ['300', '365'],
    ADDRESS_OVERSEAS: ['中国'],
    LONG_DELIVERY: ['日'],
    SELLER_FULFILLED: [],
  });
  assert.ok(badge.text.includes('出品者：さくら雑貨店'), `badge text = ${badge.text}; want the seller line`);
  assert.ok(!badge.notes.includes('page-only'), `notes = ${badge.notes}; want none while the API is up`);
  assert.ok(badge.report, 'no report button for a third-party seller');
  const placed = await page.evaluate(() => document.getElementById('desktop_buybox').nextElementSibling?.id);
  assert.equal(placed, 'mikiwame-badge');
  assert.equal(env.amazon.hits('/sp?seller=A1MKWDORMANT01'), 1, 'the seller profile was fetched once');
  const rightCol = await page.$('#rightCol');
  await rightCol.screenshot({ path: path.join(screenshotsDir, 'firefox-badge-danger-ja.png') });
  await page.close();
});

test('the all-offers panel gets one badge per offer', { timeout: 60000 }, async () => {
  const page = await openPage(env, jpProductURL('B0MKWHJK01'));
  await readBadge(page);
  await page.click('#olp_feature_div a');
  const offers = await waitFor(async () => {
    const got = await shadowCall(page, '#all-offers-display .mikiwame-offer-badge', (roots, hosts) => hosts.map((b, i) => ({
      seller: b.dataset.sellerId, level: b.dataset.level, title: roots[i].querySelector('.mkw-title')?.textContent,
    })));
    return got.length === 3 && got.every((o) => o.level) && got;
  }, { timeout: 15000, what: 'three offer badges' });
  const by = Object.fromEntries(offers.map((o) => [o.seller, o]));
  assert.equal(by.A1MKWDORMANT01?.level, 'danger', `offers = ${JSON.stringify(offers)}`);
  assert.equal(by.A1MKWDORMANT01.title, '危険');
  assert.equal(by.AN1VRQENFRJN5?.level, 'ok', `offers = ${JSON.stringify(offers)}`);
  assert.equal(env.amazon.hits('/sp?seller=A2MKWESTABLSH1'), 0, 'the panel fetched a profile');
  await page.close();
});

test('a product sold by Amazon gets a green badge and no seller look-up', { timeout: 60000 }, async () => {
  const page = await openPage(env, jpProductURL('B0MKWAMZN1'));
  const badge = await readBadge(page);
  assert.equal(badge.level, 'ok', `level = ${badge.level}; want ok (${badge.text})`);
  assert.equal(badge.title, '安全');
  wantReasons(badge, { SOLD_BY_AMAZON: ['Amazon'] });
  assert.equal(env.amazon.hits('/sp?seller=AN1VRQENFRJN5'), 0);
  assert.equal(badge.report, false, 'a report button on a product Amazon sells');
  await page.close();
});

test('pages that cannot be judged say why, with no score', { timeout: 90000 }, async (t) => {
  const skip = sharedFixturesReason();
  if (skip) return t.skip(skip);
  // Firefox's UI language here is en-US (no language pack), so amazon.com
  // is English; amazon.co.jp is Japanese whatever the browser speaks.
  const cases = [
    { name: 'robot check (amazon.com)', url: usCaptchaURL, lang: 'en', code: 'PAGE_CAPTCHA' },
    { name: 'page not found (amazon.co.jp)', url: jpNotFoundURL, lang: 'ja', code: 'PAGE_NOT_FOUND' },
    { name: 'no offer (amazon.co.jp)', url: jpNotAvailableURL, lang: 'ja', code: 'NO_OFFER' },
  ];
  for (const c of cases) {
    await t.test(c.name, async () => {
      const page = await openPage(env, c.url);
      const badge = await readBadge(page);
      assert.equal(badge.level, 'unknown', `level = ${badge.level}; want unknown (${badge.text})`);
      assert.equal(badge.title, message(c.lang, 'level_unknown'));
      assert.equal(badge.summary, message(c.lang, `unreadable_${c.code}`));
      assert.equal(badge.report, false, 'a report button on a page with no seller');
      await page.close();
    });
  }
});

// eslint-disable-next-line no-control-regex -- matching controls is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

test('hostile seller names render as text and run nothing', { timeout: 120000 }, async (t) => {
  for (const [i, name] of hostileNames.entries()) {
    await t.test(`name ${i + 1}: ${JSON.stringify(name.slice(0, 40))}`, async () => {
      const page = await openPage(env, jpProductURL(`B0MKWXSS0${i + 1}`));
      const badge = await readBadge(page);
      assert.notEqual(badge.level, 'unknown', `level = unknown (${badge.text})`);
      await page.hover('#mikiwame-badge');
      const inPage = await page.evaluate(() => ({
        pwned: window.__pwned,
        made: document.querySelectorAll('img, svg, iframe, [onerror], [onload]').length,
        scripts: document.scripts.length,
      }));
      const inside = await inBadge(page, (root) => ({
        line: root.querySelector('.mkw-seller')?.textContent ?? null,
        made: root.querySelectorAll('img, script, svg, i, b, iframe, [onerror], [onload], [onmouseover]').length,
      }));
      assert.equal(inPage.pwned, undefined, 'window.__pwned is set: the name ran as code');
      assert.equal(inside.made, 0, 'the badge holds elements made from the name');
      assert.equal(inPage.made, 0, 'the page holds elements made from the name');
      assert.equal(inPage.scripts, 1, `scripts = ${inPage.scripts}; want the page's own`);
      assert.ok(inside.line && inside.line.startsWith('出品者：'), `seller line = ${JSON.stringify(inside.line)}`);
      const shown = inside.line.slice('出品者：'.length);
      const clean = name.replace(CONTROLS, '');
      if (clean.length <= 200) assert.equal(shown, clean);
      else assert.ok(clean.startsWith(shown.replace(/…$/, '')), `seller line = ${JSON.stringify(shown.slice(0, 80))}; want a prefix of the name`);
      await page.close();
    });
  }
});
