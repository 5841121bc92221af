// Reporting a seller from the badge, end to end: the form in the page, the
// service worker, the real API and Redis, and back.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { environment, openPage, readBadge, screenshotsDir } from './env.js';
import { jpProductURL } from './site.js';

const env = environment();

test('a report sent from the badge reaches the API, and a second one is refused', { timeout: 90000 }, async () => {
  const seller = '/v1/sellers/JP/A1MKWDORMANT01';
  const empty = await env.api.get(seller);
  assert.ok(empty.status === 404 || empty.body?.reports === 0, `GET ${seller} before = ${empty.status} ${JSON.stringify(empty.body)}; want nothing reported`);

  const page = await openPage(env, jpProductURL('B0MKWHJK01'));
  await readBadge(page);
  // Playwright's CSS locators pierce the badge's open shadow root.
  await page.locator('#mikiwame-badge .mkw-report').click();
  const form = page.locator('#mikiwame-badge form.mkw-report-form');
  await form.waitFor();
  const offered = await form.locator('input[name=reason]').evaluateAll((xs) => xs.map((x) => x.value));
  assert.deepEqual(offered, ['NOT_DELIVERED', 'COUNTERFEIT', 'PRICE_TOO_LOW', 'OFF_PLATFORM_CONTACT', 'HIJACKED_ACCOUNT', 'OTHER']);

  // Sending nothing ticked is refused in the page.
  await form.locator('button[type=submit]').click();
  await page.locator('#mikiwame-badge .mkw-report-status[data-result=invalid]').waitFor();

  await form.locator('input[value=NOT_DELIVERED]').check();
  await form.locator('input[value=HIJACKED_ACCOUNT]').check();
  await form.locator('textarea[name=note]').fill('1か月待っても届かず、出品者と連絡が取れません。');
  await page.locator('#mikiwame-badge').screenshot({ path: path.join(screenshotsDir, 'report-form-ja.png') });
  await form.locator('button[type=submit]').click();
  await page.locator('#mikiwame-badge .mkw-report-status[data-result=sent]').waitFor({ timeout: 15000 });

  const got = await env.api.get(seller);
  assert.equal(got.status, 200, `GET ${seller} = ${got.status}; want 200`);
  assert.equal(got.body.reports, 1, `reports = ${JSON.stringify(got.body)}; want 1`);
  assert.equal(got.body.reporters, 1);
  assert.deepEqual(got.body.reasons, { NOT_DELIVERED: 1, HIJACKED_ACCOUNT: 1 });
  await page.close();

  // On the next visit the badge knows this shopper already reported.
  const again = await openPage(env, jpProductURL('B0MKWHJK01'));
  await readBadge(again);
  await again.locator('#mikiwame-badge .mkw-report-status[data-result=already]').waitFor();
  assert.equal(await again.locator('#mikiwame-badge .mkw-report').isDisabled(), true);
  assert.equal((await env.api.get(seller)).body.reports, 1);
  await again.close();
});
