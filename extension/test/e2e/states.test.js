// The states issue 8 added, as a shopper sees them in real Chromium, each
// with the screenshot the README shows: a page with no featured offer, the
// all-offers panel judging sellers no one looked up from the rating line it
// prints, and a used offer in the buy box. The pages are hand-made
// (fixtures/jp_no_featured.html, jp_aod_ratings.html, jp_used.html).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { environment, inBadge, message, openOffers, openPage, readBadge, screenshotsDir as shots } from './env.js';
import { jpProductURL } from './site.js';

const env = environment();

test('no featured offer: the badge says so and points to the all-offers list', { timeout: 60000 }, async () => {
  const page = await openPage(env, jpProductURL('B0MKWNOFEA'));
  const badge = await readBadge(page);
  assert.equal(badge.level, 'unknown', `level = ${badge.level}; want unknown (${badge.text})`);
  assert.equal(badge.summary, message('ja', 'unreadable_NO_FEATURED_OFFER'));
  assert.ok(badge.summary.includes('すべての出品を見る'), `summary = ${badge.summary}; want it to name the all-offers list`);
  assert.ok(!badge.summary.includes('購入できる出品がありません'), 'said "nothing on offer"');
  const elsewhere = badge.reasons.find((r) => r.code === 'OFFERS_ELSEWHERE');
  assert.ok(elsewhere, `reasons = ${JSON.stringify(badge.reasons.map((r) => r.code))}; want OFFERS_ELSEWHERE`);
  for (const f of ['3', '¥29,800', 'すべての出品を見る']) assert.ok(elsewhere.text.includes(f), `OFFERS_ELSEWHERE = ${elsewhere.text}; want ${f}`);
  assert.equal(badge.report, false, 'a report button with no seller in the buy box');
  await page.locator('#rightCol').screenshot({ path: path.join(shots, 'badge-no-featured-ja.png') });
  await page.close();
});

test('the all-offers panel judges unseen sellers from the rating line it prints', { timeout: 60000 }, async () => {
  const page = await openPage(env, jpProductURL('B0MKWNOFEA'));
  await readBadge(page);
  const offers = await openOffers(page, '#buybox-see-all-buying-choices a', 3);
  const by = Object.fromEntries(offers.map((o) => [o.seller, o]));
  const all = JSON.stringify(offers);
  // 5,120 ratings, 97 % positive: 安全, said to come from the panel's line.
  assert.equal(by.A3MKWPANELOK1?.level, 'ok', `offers = ${all}; want the long, well-rated record ok`);
  assert.equal(by.A3MKWPANELOK1.title, '安全');
  assert.equal(by.A3MKWPANELOK1.line, message('ja', 'ui_offer_from_rating'));
  // Just launched: a warning, with its reason.
  assert.notEqual(by.A3MKWJUSTNEW1?.level, 'ok', `offers = ${all}; want the just-launched seller warned about`);
  assert.notEqual(by.A3MKWJUSTNEW1.level, 'unknown', `offers = ${all}; want the just-launched seller judged`);
  assert.ok(by.A3MKWJUSTNEW1.line && by.A3MKWJUSTNEW1.code !== 'SELLER_PROFILE_UNAVAILABLE', `offers = ${all}; want the just-launched seller's warning shown`);
  // Three ratings: a warning that says how few.
  assert.notEqual(by.A3MKWFEWRATE1?.level, 'ok', `offers = ${all}; want the seller with 3 ratings warned about`);
  assert.notEqual(by.A3MKWFEWRATE1.level, 'unknown', `offers = ${all}; want the seller with 3 ratings judged`);
  assert.ok(by.A3MKWFEWRATE1.line.includes('3'), `offers = ${all}; want the 3 ratings said`);
  // Judged from the page alone: no seller's profile was fetched.
  for (const id of ['A3MKWPANELOK1', 'A3MKWJUSTNEW1', 'A3MKWFEWRATE1']) assert.equal(env.amazon.hits(`/sp?seller=${id}`), 0, `${id}'s profile fetched`);
  await page.locator('#all-offers-display').screenshot({ path: path.join(shots, 'offers-panel-ratings-ja.png') });
  await page.close();
});

test('a used offer in the buy box: the badge says it is used', { timeout: 60000 }, async () => {
  const page = await openPage(env, jpProductURL('B0MKWUSED1'));
  const badge = await readBadge(page);
  assert.notEqual(badge.level, 'unknown', `level = unknown (${badge.text}); want the used offer judged`);
  assert.ok(badge.text.includes('出品者：古書みどり堂'), `badge text = ${badge.text}; want the used offer's seller`);
  assert.ok(badge.reasons.some((r) => r.code === 'ESTABLISHED_SELLER'), `reasons = ${JSON.stringify(badge.reasons.map((r) => r.code))}; want the shop's record`);
  const condition = await inBadge(page, (root) => {
    const p = root.querySelector('.mkw-condition');
    return p && { condition: p.dataset.condition, text: p.textContent };
  });
  assert.deepEqual(condition, { condition: 'used', text: message('ja', 'ui_condition_used') });
  assert.equal(env.amazon.hits('/sp?seller=A3MKWUSEDBK01'), 1);
  await page.locator('#rightCol').screenshot({ path: path.join(shots, 'badge-used-ja.png') });
  await page.close();
});
