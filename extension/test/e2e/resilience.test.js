// The badge keeps working when parts fail or lag: the Mikiwame API is down,
// Chrome stops the extension's service worker between two pages, Amazon is
// slow to serve a seller's profile or answers it with a robot check.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { environment, openPage, readBadge, stopWorker } from './env.js';
import { jpProductURL, profileDelay } from './site.js';

const env = environment();

test('with the API down the badge still appears and says it used the page alone', { timeout: 60000 }, async () => {
  await env.api.stop();
  try {
    const page = await openPage(env, jpProductURL('B0MKWHJK01'));
    const badge = await readBadge(page);
    // The page and the seller's profile are enough to call this one.
    assert.equal(badge.level, 'danger', `level = ${badge.level}; want danger (${badge.text})`);
    assert.ok(badge.notes.includes('page-only'), `notes = ${JSON.stringify(badge.notes)}; want page-only`);
    const note = await page.evaluate(() => document.getElementById('mikiwame-badge').shadowRoot
      .querySelector('.mkw-note[data-note=page-only]').textContent);
    assert.ok(note.includes('このページの情報だけで判定しました'), `note = ${note}`);
    await page.close();
  } finally {
    await env.api.start();
  }
  // Back up: a product not seen before gets no such note.
  const page = await openPage(env, jpProductURL('B0MKWAMZN1'));
  const badge = await readBadge(page);
  assert.equal(badge.level, 'ok');
  assert.deepEqual(badge.notes, []);
  await page.close();
});

test('after the service worker is stopped the next page still gets a verdict', { timeout: 60000 }, async () => {
  // Warm: the worker has loaded the checker and cached the seller.
  const first = await openPage(env, jpProductURL('B0MKWHJK01'));
  assert.equal((await readBadge(first)).level, 'danger');
  await first.close();
  const profileFetches = env.amazon.hits('/sp?seller=A1MKWDORMANT01');

  const internals = await stopWorker(env.browser.context, env.browser.extensionId);
  const page = await openPage(env, jpProductURL('B0MKWHJK02'));
  const badge = await readBadge(page);
  assert.equal(badge.level, 'danger', `level = ${badge.level}; want danger (${badge.text})`);
  assert.ok(badge.reasons.some((r) => r.code === 'DORMANT_ACCOUNT'), `reasons = ${JSON.stringify(badge.reasons)}; want the seller's data too`);
  // The restarted worker found the seller in chrome.storage, not in memory.
  assert.equal(env.amazon.hits('/sp?seller=A1MKWDORMANT01'), profileFetches);
  // It was stopped and answered, so Chrome started it again.
  await internals.reload();
  const status = await internals.locator('.serviceworker-registration', { hasText: `chrome-extension://${env.browser.extensionId}/` })
    .locator('.serviceworker-running-status .value').first().textContent();
  assert.match(status, /RUNNING/);
  await internals.close();
  await page.close();
});

test('a slow seller profile: the page-only warnings show at once, then the verdict', { timeout: 60000 }, async () => {
  profileDelay.A1MKWSLOWSELL1 = 3000;
  const page = await openPage(env, jpProductURL('B0MKWSLOW1'));
  // The interim badge: still pending (no level), says the seller is being
  // looked up, and already shows what the page alone gives away.
  const interim = await page.waitForFunction(() => {
    const host = document.getElementById('mikiwame-badge');
    const root = host && host.shadowRoot;
    if (!root || host.dataset.state !== 'pending' || !root.querySelector('.mkw-note[data-note=seller-pending]')) return null;
    return { level: host.dataset.level ?? null, codes: [...root.querySelectorAll('.mkw-reason')].map((r) => r.dataset.code) };
  }, null, { timeout: 10000 }).then((h) => h.jsonValue());
  assert.equal(interim.level, null, 'the interim badge must not claim a level');
  assert.ok(interim.codes.includes('PRICE_FAR_BELOW_LIST_PRICE'), `interim reasons = ${JSON.stringify(interim.codes)}; want the price warning`);
  assert.ok(!interim.codes.includes('DORMANT_ACCOUNT'), 'the interim badge cannot know the seller yet');
  const badge = await readBadge(page);
  assert.equal(badge.level, 'danger');
  assert.ok(badge.reasons.some((r) => r.code === 'DORMANT_ACCOUNT'), `reasons = ${JSON.stringify(badge.reasons.map((r) => r.code))}; want the seller's data once it came`);
  assert.deepEqual(badge.notes, []);
  await page.close();
});

// Last in this file: a robot check makes the extension pause fetches from
// the host, which would starve any later first visit.
test('a robot check instead of the seller profile: scored without it, and the badge says so', { timeout: 60000 }, async () => {
  const page = await openPage(env, jpProductURL('B0MKWBLCK1'));
  const badge = await readBadge(page);
  assert.notEqual(badge.level, 'ok', 'a seller nobody could look up must not be called safe');
  const codes = badge.reasons.map((r) => r.code);
  assert.ok(codes.includes('PRICE_FAR_BELOW_LIST_PRICE'), `reasons = ${JSON.stringify(codes)}; want the page's own warnings`);
  assert.ok(!codes.includes('DORMANT_ACCOUNT'));
  assert.ok(codes.includes('SELLER_PROFILE_UNAVAILABLE') || badge.notes.includes('seller-unavailable'),
    `reasons = ${JSON.stringify(codes)}, notes = ${JSON.stringify(badge.notes)}; want the missing profile said`);
  assert.equal(env.amazon.hits('/sp?seller=A1MKWBLOCKED01'), 1);
  await page.close();
});
