// The extension's own pages in real Firefox ESR, opened at their
// moz-extension:// URLs: the popup (the 2-step verification reminder, the
// verdict of the tab in front) and the options page, in Japanese and
// English; and the badge with the API down.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { message, screenshotsDir } from '../e2e/env.js';
import { account, jpProductURL, JP } from '../e2e/site.js';
import { environment, inBadge, openPage, readBadge, saveOptions, waitFor } from './firefox.js';

const env = environment();

const text = (page, id) => page.evaluate((i) => document.getElementById(i)?.textContent.trim() ?? null, id);
const attr = (page, id, name) => page.evaluate((i, n) => document.getElementById(i)?.getAttribute(n) ?? null, id, name);

test('the popup shows the 2-step verification state read from the settings page', { timeout: 60000 }, async (t) => {
  const popup = await env.browser.openExtensionPage('popup/popup.html');
  await waitFor(() => attr(popup, 'twostep-state', 'data-state'), { what: 'the 2-step state' });
  assert.equal(await attr(popup, 'twostep-state', 'data-state'), 'unknown');
  for (const state of ['on', 'off']) {
    await t.test(state, async () => {
      account.twoStep = state;
      const settings = await openPage(env, `https://${JP}/a/settings/approval`);
      await waitFor(async () => {
        await env.browser.navigateExtension(popup, 'popup/popup.html');
        return (await attr(popup, 'twostep-state', 'data-state')) === state;
      }, { timeout: 15000, interval: 200, what: `popup 2-step state ${state}` });
      // The popup speaks the browser's language here (en-US: no language
      // pack), the reminder included.
      const lang = await popup.evaluate(() => document.documentElement.lang);
      assert.equal(await text(popup, 'twostep-state'), message(lang, `twostep_${state}`));
      await settings.close();
    });
  }
  assert.equal(await attr(popup, 'twostep-link', 'href'), `https://${JP}/a/settings/approval`);
  await popup.close();
});

test('the popup shows the verdict of the tab in front, in the verdict\'s language', { timeout: 60000 }, async () => {
  const product = await openPage(env, jpProductURL('B0MKWHJK01'));
  const badge = await readBadge(product);
  const popup = await env.browser.openExtensionPage('popup/popup.html');
  // The popup reads the active tab of its window when it loads.
  await product.bringToFront();
  await env.browser.navigateExtension(popup, 'popup/popup.html');
  await waitFor(() => attr(popup, 'level', 'data-level'), { what: 'the popup verdict' });
  assert.equal(await attr(popup, 'level', 'data-level'), 'danger');
  assert.equal(await text(popup, 'level'), badge.title);
  const codes = await popup.evaluate(() => [...document.querySelectorAll('#reasons li')].map((x) => x.dataset.code));
  assert.deepEqual(codes, badge.reasons.map((r) => r.code));
  assert.equal(await text(popup, 'seller'), '出品者：さくら雑貨店');
  assert.equal(await popup.evaluate(() => document.documentElement.lang), 'ja', 'the popup of a JP verdict is Japanese');
  await popup.setViewport({ width: 380, height: 640 });
  await popup.screenshot({ path: path.join(screenshotsDir, 'firefox-popup-ja.png'), fullPage: true });
  await popup.close();
  await product.close();
});

test('the options page speaks the chosen language and turns the badge English, even on amazon.co.jp', { timeout: 60000 }, async () => {
  const page = await env.browser.openExtensionPage('options/options.html');
  await waitFor(async () => (await page.evaluate(() => document.getElementById('api').value)) === env.api.url, { what: 'the saved API address' });
  assert.equal(await page.evaluate(() => document.getElementById('share').checked), false, 'price sharing must be off unless the shopper opts in');
  assert.equal(await page.evaluate(() => document.getElementById('language').value), 'auto');
  await page.close();

  for (const lang of ['ja', 'en']) {
    await saveOptions(env, (p) => p.select('#language', lang));
    const opts = await env.browser.openExtensionPage('options/options.html');
    // options.js sets lang, then the strings: wait for both.
    const seen = await waitFor(async () => {
      const s = await opts.evaluate(() => ({ lang: document.documentElement.lang, save: document.getElementById('save').textContent.trim() }));
      return s.lang === lang && s.save && s;
    }, { what: `the options page in ${lang}` }).catch((e) => e.message);
    assert.deepEqual(seen, { lang, save: message(lang, 'options_save') });
    await opts.close();
  }
  const product = await openPage(env, jpProductURL('B0MKWAMZN1'));
  const badge = await readBadge(product);
  assert.equal(badge.title, message('en', 'level_ok'));
  assert.equal(badge.reasons.find((r) => r.code === 'SOLD_BY_AMAZON')?.text, message('en', 'reason_SOLD_BY_AMAZON'));
  await product.close();
  await saveOptions(env, (p) => p.select('#language', 'auto'));
});

test('with the API down the badge still appears and says it used the page alone', { timeout: 60000 }, async () => {
  await env.api.stop();
  try {
    const page = await openPage(env, jpProductURL('B0MKWHJK02'));
    const badge = await readBadge(page);
    assert.notEqual(badge.level, 'unknown', `level = unknown (${badge.text}); want a verdict from the page alone`);
    assert.ok(badge.notes.includes('page-only'), `notes = ${JSON.stringify(badge.notes)}; want page-only`);
    const note = await inBadge(page, (root) => root.querySelector('.mkw-note[data-note=page-only]').textContent);
    assert.ok(note.includes('このページの情報だけで判定しました'), `note = ${note}`);
    assert.ok(note.includes(env.api.url.replace('http://', '')), `note = ${note}; want the address tried`);
    await page.close();
  } finally {
    await env.api.start();
  }
});
