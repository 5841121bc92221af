// The badge keeps working when parts fail or lag: the Mikiwame API is down,
// Chrome stops the extension's service worker between two pages, Amazon is
// slow to serve a seller's profile or answers it with a robot check.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { environment, inBadge, message, openPage, readBadge, stopWorker, waitFor } from './env.js';
import { jpProductURL, JP, profileDelay } from './site.js';
import { sharedFixturesReason } from './harness.js';

const env = environment();

test('with the API down the badge still appears and says it used the page alone', { timeout: 60000 }, async () => {
  await env.api.stop();
  try {
    const page = await openPage(env, jpProductURL('B0MKWHJK01'));
    const badge = await readBadge(page);
    // The page and the seller's profile are enough to call this one.
    assert.equal(badge.level, 'danger', `level = ${badge.level}; want danger (${badge.text})`);
    assert.ok(badge.notes.includes('page-only'), `notes = ${JSON.stringify(badge.notes)}; want page-only`);
    const note = await inBadge(page, (root) => root.querySelector('.mkw-note[data-note=page-only]').textContent);
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
  const interim = await waitFor(() => inBadge(page, (root, host) => {
    if (!root || host.dataset.state !== 'pending' || !root.querySelector('.mkw-note[data-note=seller-pending]')) return null;
    return { level: host.dataset.level ?? null, codes: [...root.querySelectorAll('.mkw-reason')].map((r) => r.dataset.code) };
  }), { timeout: 10000, interval: 20, what: 'the interim badge' });
  assert.equal(interim.level, null, 'the interim badge must not claim a level');
  assert.ok(interim.codes.includes('PRICE_FAR_BELOW_LIST_PRICE'), `interim reasons = ${JSON.stringify(interim.codes)}; want the price warning`);
  assert.ok(!interim.codes.includes('DORMANT_ACCOUNT'), 'the interim badge cannot know the seller yet');
  // What it shows agrees with what it says: "checking", never "could not be checked".
  assert.ok(!interim.codes.includes('SELLER_PROFILE_UNAVAILABLE'), `interim reasons = ${JSON.stringify(interim.codes)}; want no "could not be checked" while checking`);
  const badge = await readBadge(page);
  assert.equal(badge.level, 'danger');
  assert.ok(badge.reasons.some((r) => r.code === 'DORMANT_ACCOUNT'), `reasons = ${JSON.stringify(badge.reasons.map((r) => r.code))}; want the seller's data once it came`);
  assert.deepEqual(badge.notes, []);
  await page.close();
});

// caveat reads the "profile could not be checked" caveat of the badge.
function caveat(page) {
  return inBadge(page, (root) => {
    const ps = [...root.querySelectorAll('.mkw-note[data-note=seller-unavailable]')];
    const link = ps[0] && ps[0].querySelector('a.mkw-profile-link');
    const first = root.querySelector('.mkw-reasons');
    return {
      count: ps.length,
      why: ps[0]?.dataset.why,
      visible: Boolean(ps[0] && ps[0].checkVisibility()),
      beforeReasons: Boolean(ps[0] && (!first || ps[0].compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING)),
      text: ps[0] ? ps[0].firstChild.textContent : '',
      link: link ? { href: link.href, text: link.textContent, visible: link.checkVisibility() } : null,
    };
  });
}

test('a seller profile Amazon says is not found: the caveat says so, once, in view, with the way to the profile', { timeout: 60000 }, async (t) => {
  const skip = sharedFixturesReason();
  if (skip) return t.skip(skip);
  const page = await openPage(env, jpProductURL('B0MKWGONE1'));
  const badge = await readBadge(page);
  assert.notEqual(badge.level, 'ok');
  assert.ok(!badge.reasons.some((r) => r.code === 'SELLER_PROFILE_UNAVAILABLE'), 'the caveat is repeated as a reason');
  assert.deepEqual(await caveat(page), {
    count: 1, why: 'not-found', visible: true, beforeReasons: true, text: message('ja', 'ui_caveat_not_found'),
    link: { href: `https://${JP}/sp?seller=A1MKWGONESEL1`, text: message('ja', 'ui_open_profile'), visible: true },
  });
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
  // Said once, in view, as a robot check (not as a 404), with the link.
  assert.ok(!codes.includes('SELLER_PROFILE_UNAVAILABLE'), 'the caveat is repeated as a reason');
  assert.deepEqual(await caveat(page), {
    count: 1, why: 'captcha', visible: true, beforeReasons: true, text: message('ja', 'ui_caveat_captcha'),
    link: { href: `https://${JP}/sp?seller=A1MKWBLOCKED01`, text: message('ja', 'ui_open_profile'), visible: true },
  });
  assert.equal(env.amazon.hits('/sp?seller=A1MKWBLOCKED01'), 1);

  // The popup says it once too, the same way.
  const popup = await env.browser.context.newPage();
  await popup.goto(env.browser.extensionURL('popup/popup.html'));
  await page.bringToFront();
  await popup.reload();
  await popup.locator('#level').waitFor();
  const said = await popup.evaluate(() => ({
    caveat: document.getElementById('caveat').checkVisibility() ? document.getElementById('caveat-text').textContent : null,
    why: document.getElementById('caveat').dataset.why,
    link: document.getElementById('profile-link').href,
    reasons: [...document.querySelectorAll('#reasons li')].map((li) => li.dataset.code),
    times: (document.body.innerText.match(/ロボット確認/g) || []).length,
  }));
  assert.equal(said.caveat, message('ja', 'ui_caveat_captcha'));
  assert.equal(said.why, 'captcha');
  assert.equal(said.link, `https://${JP}/sp?seller=A1MKWBLOCKED01`);
  assert.ok(!said.reasons.includes('SELLER_PROFILE_UNAVAILABLE'), `popup reasons = ${said.reasons}`);
  assert.equal(said.times, 1, 'the popup says it more than once');
  await popup.close();
  await page.close();
});
