// The toolbar popup and the options page, opened as tabs: the 2-step
// verification state read from Amazon's settings page, the current tab's
// verdict, and the settings a shopper can change.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { environment, inBadge, message, openPage, readBadge, saveOptions, screenshotsDir, uiLang, waitFor } from './env.js';
import { account, jpProductURL, JP, usRealProductURL } from './site.js';
import { sharedFixturesReason } from './harness.js';

const env = environment();

// popupTwoStep reloads the popup until it shows want (the content script on
// the settings page reports asynchronously) and returns the state element.
async function popupTwoStep(popup, want) {
  await waitFor(async () => {
    await popup.reload();
    await popup.locator('#twostep-state[data-state]').waitFor();
    return (await popup.locator('#twostep-state').getAttribute('data-state')) === want;
  }, { timeout: 15000, interval: 200, what: `popup 2-step state ${want}` });
  return popup.locator('#twostep-state');
}

test('the popup shows the 2-step verification state read from the settings page', { timeout: 60000 }, async (t) => {
  const popup = await env.browser.context.newPage();
  await popup.goto(env.browser.extensionURL('popup/popup.html'));
  // popup.js fills the page after load, from chrome.storage.
  await popup.locator('#twostep-state[data-state]').waitFor();
  assert.equal(await popup.locator('#twostep-state').getAttribute('data-state'), 'unknown');

  for (const state of ['on', 'off']) {
    await t.test(state, async () => {
      account.twoStep = state;
      const settings = await openPage(env, `https://${JP}/a/settings/approval`);
      const shown = await popupTwoStep(popup, state);
      assert.equal((await shown.textContent()).trim(), message('ja', `twostep_${state}`));
      await settings.close();
    });
  }
  assert.equal(await popup.locator('#twostep-link').getAttribute('href'), `https://${JP}/a/settings/approval`);
  await popup.close();
});

test('the popup shows the verdict of the tab in front', { timeout: 60000 }, async () => {
  const product = await openPage(env, jpProductURL('B0MKWHJK01'));
  const badge = await readBadge(product);
  const popup = await env.browser.context.newPage();
  await popup.setViewportSize({ width: 380, height: 640 });
  await popup.goto(env.browser.extensionURL('popup/popup.html'));
  // The popup reads the active tab of its window when it loads: bring the
  // product to the front, then load the popup again behind it.
  await product.bringToFront();
  await popup.reload();
  const level = popup.locator('#level');
  await level.waitFor();
  assert.equal(await level.getAttribute('data-level'), 'danger');
  assert.equal((await level.textContent()).trim(), badge.title);
  const codes = await popup.locator('#reasons li').evaluateAll((xs) => xs.map((x) => x.dataset.code));
  assert.deepEqual(codes, badge.reasons.map((r) => r.code));
  assert.equal((await popup.locator('#seller').textContent()).trim(), '出品者：さくら雑貨店');
  await popup.screenshot({ path: path.join(screenshotsDir, 'popup-ja.png'), fullPage: true });
  await popup.close();
  await product.close();
});

test('on amazon.com with language "auto" the popup speaks one language, the verdict\'s', { timeout: 60000 }, async (t) => {
  const skip = sharedFixturesReason();
  if (skip) return t.skip(skip);
  const product = await openPage(env, usRealProductURL);
  const badge = await readBadge(product);
  const lang = uiLang(env); // the worker's language, which wrote the verdict
  const popup = await env.browser.context.newPage();
  await popup.goto(env.browser.extensionURL('popup/popup.html'));
  await product.bringToFront();
  await popup.reload();
  await popup.locator('#level').waitFor();
  assert.equal((await popup.locator('#level').textContent()).trim(), badge.title);
  const seen = await popup.evaluate(() => ({
    lang: document.documentElement.lang,
    title: document.querySelector('h1').textContent,
    twostep: document.querySelector('#twostep h2').textContent,
    options: document.getElementById('options').textContent,
    text: document.body.innerText,
  }));
  assert.equal(seen.lang, lang);
  assert.equal(seen.title, message(lang, 'popup_title'));
  assert.equal(seen.twostep, message(lang, 'twostep_heading'));
  assert.equal(seen.options, message(lang, 'popup_options'));
  // Not a single Japanese character in an English view, nor the reverse.
  if (lang === 'en') assert.doesNotMatch(seen.text, /[\u3040-\u30ff\u4e00-\u9fff]/, `popup text: ${seen.text}`);
  await popup.close();
  await product.close();
});

test('the options page keeps price sharing off and refuses plain http to another host', { timeout: 30000 }, async () => {
  const page = await env.browser.context.newPage();
  await page.goto(env.browser.extensionURL('options/options.html'));
  await page.locator('#api').waitFor();
  await waitFor(async () => (await page.locator('#api').inputValue()) === env.api.url, { what: 'the saved API address' });
  assert.equal(await page.locator('#share').isChecked(), false, 'price sharing must be off unless the shopper opts in');
  assert.equal(await page.locator('#language').inputValue(), 'auto');

  await page.locator('#api').fill('http://mikiwame.example:8080');
  await page.locator('#save').click();
  const error = page.locator('#api-error');
  await error.waitFor();
  const lang = await page.evaluate(() => document.documentElement.lang);
  assert.equal((await error.textContent()).trim(), message(lang, 'options_api_invalid'));
  await page.reload();
  // options.js fills the form after load: wait for it before reading.
  const saved = await waitFor(async () => page.locator('#api').inputValue(), { what: 'the options form' });
  assert.equal(saved, env.api.url, 'a refused address must not be saved');
  await page.close();
});

test('choosing English in the options page turns the badge English, even on amazon.co.jp', { timeout: 60000 }, async () => {
  await saveOptions(env, (page) => page.locator('#language').selectOption('en'));

  const page = await openPage(env, jpProductURL('B0MKWAMZN1'));
  const badge = await readBadge(page);
  assert.equal(badge.level, 'ok');
  assert.equal(badge.title, message('en', 'level_ok'));
  assert.equal(badge.reasons.find((r) => r.code === 'SOLD_BY_AMAZON')?.text, message('en', 'reason_SOLD_BY_AMAZON'));
  await page.close();
});

test('prices reach the API only after the shopper opts in', { timeout: 60000 }, async () => {
  // Every earlier test in this file ran with the default settings.
  assert.equal(await env.api.requests('POST', '/v1/observations'), 0, 'an observation was sent with price sharing off');

  await saveOptions(env, (page) => page.locator('#share').check());

  const page = await openPage(env, jpProductURL('B0MKWXSS01'));
  await readBadge(page);
  await waitFor(async () => (await env.api.requests('POST', '/v1/observations', '2')) >= 1,
    { timeout: 15000, what: 'an accepted POST /v1/observations' });
  await page.close();
});

test('with no server, nothing goes to the API, and the badge and the popup say so plainly', { timeout: 60000 }, async () => {
  // Price sharing stays on from the test above: it must not send either.
  await saveOptions(env, async (page) => {
    const lang = await page.evaluate(() => document.documentElement.lang);
    // The options page says what leaves the browser, when and to whom.
    const said = await page.locator('#privacy li').allTextContents();
    assert.deepEqual(said.map((s) => s.trim()), ['reads', 'prices', 'reports', 'amazon', 'never'].map((k) => message(lang, `options_privacy_${k}`)));
    await page.locator('#api').fill('');
  });
  const before = await env.api.allRequests();
  const page = await openPage(env, jpProductURL('B0MKWHJK01'));
  const badge = await readBadge(page);
  assert.equal(badge.level, 'danger', 'the page and the seller still judge');
  assert.deepEqual(badge.notes.filter((n) => n === 'no-server' || n === 'page-only'), ['no-server'], `notes = ${badge.notes}`);
  const note = await inBadge(page, (root) => root.querySelector('.mkw-note[data-note=no-server]').textContent);
  assert.equal(note, message('en', 'ui_no_server'));
  assert.equal(badge.report, false, 'a report button with no server to take it');

  const popup = await env.browser.context.newPage();
  await popup.goto(env.browser.extensionURL('popup/popup.html'));
  await page.bringToFront();
  await popup.reload();
  await waitFor(async () => (await popup.locator('#note-text').textContent()) === message('en', 'ui_no_server'), { what: 'the popup saying no server' });
  await popup.close();
  // An observation would be sent right after the check; give it time.
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(await env.api.allRequests() - before, 0, 'a request reached the API with no server set');
  await page.close();
});
