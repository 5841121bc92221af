// Reporting a seller, end to end: the badge's button, the report frame (an
// extension page), the service worker, the real API and Redis, and back;
// and a script of the Amazon page itself, doing all it can to file a
// report in the shopper's name, files nothing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { clickInBadge, environment, inBadge, openPage, readBadge, reportFrame, screenshotsDir, waitFor } from './env.js';
import { jpProductURL } from './site.js';

const env = environment();

// The page script of an attacker (an XSS on an Amazon host, a hostile
// extension's main-world script): it runs in the page's own world and tries
// everything a script there can reach. It returns what it saw.
async function playPageScript(page) {
  return page.evaluate(async () => {
    const seen = { shadowRoot: null, reattach: '', frames: window.frames.length, exposed: [], sendMessage: '' };
    const host = document.getElementById('mikiwame-badge');
    seen.shadowRoot = host ? String(host.shadowRoot) : 'no host';
    try {
      host.attachShadow({ mode: 'open' });
      seen.reattach = 'attached';
    } catch (e) {
      seen.reattach = e.name;
    }
    // Synthetic clicks and key presses on the badge and every frame (the
    // page's own forms are left alone: submitting them leaves the page).
    // Were the root open, what is in it too (the attack this test is for).
    const inside = host && host.shadowRoot ? [...host.shadowRoot.querySelectorAll('button, input, textarea')] : [];
    for (const el of [host, ...inside, ...document.querySelectorAll('iframe')]) {
      el.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true }));
      el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
      el.click();
    }
    const form = document.createElement('form');
    form.className = 'mkw-report-form';
    form.innerHTML = '<input type=checkbox name=reason value=COUNTERFEIT checked><textarea name=note>forged</textarea><button type=submit class=mkw-report-submit>x</button>';
    host.append(form);
    form.addEventListener('submit', (e) => e.preventDefault()); // stay on the page
    form.requestSubmit();
    // Every frame it can name, the badge's report frame included, gets
    // every message a form might listen for.
    for (let i = 0; i < window.frames.length; i++) {
      for (const data of [{ type: 'report', reasons: ['COUNTERFEIT'], note: 'forged', sellerId: 'A2MKWESTABLSH1' }, 'submit', { submit: true }]) {
        window.frames[i].postMessage(data, '*');
      }
    }
    // The report frame at the static URL, made by the page itself.
    const id = [...document.querySelectorAll('[src^="chrome-extension://"]')].map((e) => e.src)[0] || '';
    const made = document.createElement('iframe');
    made.src = id || 'chrome-extension://invalid/report/report.html';
    document.body.append(made);
    // Any function the extension left on the page's globals.
    seen.exposed = Object.keys(window).filter((k) => /mikiwame|mkw/i.test(k));
    for (const k of seen.exposed) {
      try {
        const v = window[k];
        if (typeof v === 'function') v({ type: 'report', reasons: ['COUNTERFEIT'] });
        else if (v && typeof v === 'object') for (const f of Object.values(v)) if (typeof f === 'function') f(document, {}, () => {});
      } catch { /* keep going */ }
    }
    try {
      await chrome.runtime.sendMessage({ type: 'report', reasons: ['COUNTERFEIT'] });
      seen.sendMessage = 'sent';
    } catch (e) {
      seen.sendMessage = e.name || String(e);
    }
    await new Promise((r) => setTimeout(r, 1500));
    return seen;
  });
}

test('a script of the Amazon page cannot file a report, open or shut the form', { timeout: 90000 }, async () => {
  const seller = 'A1MKWDORMANT01';
  const page = await openPage(env, jpProductURL('B0MKWHJK02'));
  const badge = await readBadge(page);
  assert.ok(badge.report, `badge = ${badge.text}; want a report button to attack`);

  const closed = await playPageScript(page);
  assert.equal(closed.shadowRoot, 'null', 'the page reads the badge through an open shadow root');
  assert.equal(closed.reattach, 'NotSupportedError');
  assert.deepEqual(closed.exposed, [], 'the extension left functions on the page');
  assert.notEqual(closed.sendMessage, 'sent');
  assert.equal(await inBadge(page, (root) => Boolean(root.querySelector('.mkw-report-frame'))), false,
    'a synthetic click opened the report frame');

  // The shopper opens the form; the page script goes at it again.
  await clickInBadge(page, '.mkw-report');
  await reportFrame(page);
  const open = await playPageScript(page);
  assert.ok(open.frames >= 1, 'the report frame is a frame of the page');
  assert.deepEqual(await env.api.reportsOf('JP', seller), [], 'a page script filed a report');
  assert.deepEqual(await env.api.reportsOf('JP', 'A2MKWESTABLSH1'), [], 'a page script filed a report for a seller it chose');
  assert.equal(await env.api.requests('POST', '/v1/reports'), 0, 'a report reached the API');
  await page.close();
});

test('a report sent from the report frame reaches the API once, and a second one is refused', { timeout: 90000 }, async () => {
  const seller = 'A1MKWDORMANT01';
  assert.deepEqual(await env.api.reportsOf('JP', seller), []);

  const page = await openPage(env, jpProductURL('B0MKWHJK01'));
  await readBadge(page);
  await clickInBadge(page, '.mkw-report');
  const frame = await reportFrame(page);
  const offered = await frame.locator('input[name=reason]').evaluateAll((xs) => xs.map((x) => x.value));
  assert.deepEqual(offered, ['NOT_DELIVERED', 'COUNTERFEIT', 'PRICE_TOO_LOW', 'OFF_PLATFORM_CONTACT', 'HIJACKED_ACCOUNT', 'OTHER']);
  assert.equal((await frame.locator('#seller').textContent()).trim(), '出品者：さくら雑貨店', 'the frame names the seller the worker read');

  // Sending nothing ticked is refused in the frame.
  await frame.locator('#submit').click();
  await frame.locator('#status[data-result=invalid]').waitFor();

  await frame.locator('input[value=NOT_DELIVERED]').check();
  await frame.locator('input[value=HIJACKED_ACCOUNT]').check();
  await frame.locator('#note').fill('1か月待っても届かず、出品者と連絡が取れません。');
  await page.locator('#mikiwame-badge').screenshot({ path: path.join(screenshotsDir, 'report-form-ja.png') });
  await frame.locator('#submit').click();
  // The worker closes the frame and the badge says it was sent.
  await waitFor(() => inBadge(page, (root) => !root.querySelector('.mkw-report-frame')
    && root.querySelector('.mkw-report-status').dataset.result === 'sent'), { timeout: 15000, what: 'the badge to say sent' });

  const got = await env.api.reportsOf('JP', seller);
  assert.equal(got.length, 1, `reports = ${JSON.stringify(got)}; want 1`);
  assert.deepEqual([...got[0].reasons].sort(), ['HIJACKED_ACCOUNT', 'NOT_DELIVERED']);
  assert.equal(got[0].asin, 'B0MKWHJK01');
  assert.equal(got[0].note, '1か月待っても届かず、出品者と連絡が取れません。');
  await page.close();

  // On the next visit the badge knows this shopper already reported.
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
