// Reporting a seller in real Firefox ESR, as test/e2e/report.test.js does in
// Chromium: through the badge's button and the report frame (a
// moz-extension:// frame) to the real API on real Redis, once; and a script
// of the Amazon page doing all it can files nothing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { screenshotsDir } from '../e2e/env.js';
import { jpProductURL } from '../e2e/site.js';
import { clickInBadge, environment, inBadge, openPage, readBadge, reportFrame, waitFor } from './firefox.js';

const env = environment();

// playPageScript is the attacker's script in the page's own world: it
// returns what it could see and has tried every way to file a report.
function playPageScript(page) {
  return page.evaluate(async () => {
    const seen = { shadowRoot: null, reattach: '', frames: window.frames.length, exposed: [], sendMessage: '' };
    const host = document.getElementById('mikiwame-badge');
    seen.shadowRoot = String(host.shadowRoot);
    try {
      host.attachShadow({ mode: 'open' });
      seen.reattach = 'attached';
    } catch (e) {
      seen.reattach = e.name;
    }
    for (const el of [host, ...document.querySelectorAll('iframe')]) {
      el.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true }));
      el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
      el.click();
    }
    const form = document.createElement('form');
    form.className = 'mkw-report-form';
    form.innerHTML = '<input type=checkbox name=reason value=COUNTERFEIT checked><textarea name=note>forged</textarea><button type=submit>x</button>';
    host.append(form);
    form.addEventListener('submit', (e) => e.preventDefault());
    form.requestSubmit();
    for (let i = 0; i < window.frames.length; i++) {
      for (const data of [{ type: 'report', reasons: ['COUNTERFEIT'], note: 'forged', sellerId: 'A2MKWESTABLSH1' }, 'submit', { submit: true }]) {
        window.frames[i].postMessage(data, '*');
      }
    }
    const src = [...document.querySelectorAll('[src^="moz-extension://"]')].map((e) => e.src)[0] || '';
    const made = document.createElement('iframe');
    made.src = src || 'moz-extension://invalid/report/report.html';
    document.body.append(made);
    seen.exposed = Object.keys(window).filter((k) => /mikiwame|mkw/i.test(k));
    for (const api of [globalThis.browser, globalThis.chrome]) {
      try {
        await api.runtime.sendMessage({ type: 'report', reasons: ['COUNTERFEIT'] });
        seen.sendMessage = 'sent';
      } catch (e) {
        seen.sendMessage ||= e.name || String(e);
      }
    }
    await new Promise((r) => setTimeout(r, 1500));
    return seen;
  });
}

test('a script of the Amazon page cannot file a report, open or shut the form', { timeout: 90000 }, async () => {
  const page = await openPage(env, jpProductURL('B0MKWHJK02'));
  const badge = await readBadge(page);
  assert.ok(badge.report, `badge = ${badge.text}; want a report button to attack`);
  const closed = await playPageScript(page);
  assert.equal(closed.shadowRoot, 'null', 'the page reads the badge through an open shadow root');
  assert.equal(closed.reattach, 'NotSupportedError');
  assert.deepEqual(closed.exposed, [], 'the extension left globals on the page');
  assert.notEqual(closed.sendMessage, 'sent');
  assert.equal(await inBadge(page, (root) => Boolean(root.querySelector('.mkw-report-frame'))), false,
    'a synthetic click opened the report frame');

  await clickInBadge(page, '.mkw-report');
  await reportFrame(page);
  const open = await playPageScript(page);
  assert.ok(open.frames >= 1, 'the report frame is a frame of the page');
  assert.deepEqual(await env.api.reportsOf('JP', 'A1MKWDORMANT01'), [], 'a page script filed a report');
  assert.deepEqual(await env.api.reportsOf('JP', 'A2MKWESTABLSH1'), [], 'a page script filed a report for a seller it chose');
  assert.equal(await env.api.requests('POST', '/v1/reports'), 0, 'a report reached the API');
  await page.close();
});

test('a report sent from the report frame reaches the API once, and a second one is refused', { timeout: 90000 }, async () => {
  const seller = 'A1MKWDORMANT01';
  const page = await openPage(env, jpProductURL('B0MKWHJK01'));
  await readBadge(page);
  await clickInBadge(page, '.mkw-report');
  const frame = await reportFrame(page);
  const offered = await frame.evaluate(() => [...document.querySelectorAll('input[name=reason]')].map((x) => x.value));
  assert.deepEqual(offered, ['NOT_DELIVERED', 'COUNTERFEIT', 'PRICE_TOO_LOW', 'OFF_PLATFORM_CONTACT', 'HIJACKED_ACCOUNT', 'OTHER']);
  assert.equal(await frame.evaluate(() => document.getElementById('seller').textContent.trim()), '出品者：さくら雑貨店');

  // Real clicks and keys in the frame (its buttons ignore synthetic ones).
  await frame.click('#submit');
  await waitFor(() => frame.evaluate(() => document.getElementById('status').dataset.result === 'invalid'), { what: 'the invalid status' });
  await frame.click('input[value=NOT_DELIVERED]');
  await frame.click('input[value=HIJACKED_ACCOUNT]');
  await frame.type('#note', '1か月待っても届かず、出品者と連絡が取れません。');
  const host = await page.$('#mikiwame-badge');
  await host.screenshot({ path: path.join(screenshotsDir, 'firefox-report-form-ja.png') });
  await frame.click('#submit');
  await waitFor(() => inBadge(page, (root) => !root.querySelector('.mkw-report-frame')
    && root.querySelector('.mkw-report-status').dataset.result === 'sent'), { timeout: 15000, what: 'the badge to say sent' });

  const got = await env.api.reportsOf('JP', seller);
  assert.equal(got.length, 1, `reports = ${JSON.stringify(got)}; want 1`);
  assert.deepEqual([...got[0].reasons].sort(), ['HIJACKED_ACCOUNT', 'NOT_DELIVERED']);
  assert.equal(got[0].asin, 'B0MKWHJK01');
  assert.equal(got[0].note, '1か月待っても届かず、出品者と連絡が取れません。');
  await page.close();

  const again = await openPage(env, jpProductURL('B0MKWHJK01'));
  await readBadge(again);
  const state = await waitFor(() => inBadge(again, (root) => {
    const s = root.querySelector('.mkw-report-status');
    return s && s.dataset.result ? { result: s.dataset.result, disabled: root.querySelector('.mkw-report').disabled } : null;
  }), { what: 'the report status' });
  assert.deepEqual(state, { result: 'already', disabled: true });
  assert.equal((await env.api.reportsOf('JP', seller)).length, 1);
  await again.close();
});
