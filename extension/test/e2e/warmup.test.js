// The first check after install uses the checker the worker warmed up at
// runtime.onInstalled: not a timing assertion, but what the worker says it
// did (its warm-up record and how many times it started the checker).

import { WARM_MS, WARM_MAX_RUNS } from '../../lib/warmup.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { environment, openPage, readBadge, waitFor } from './env.js';
import { jpProductURL } from './site.js';

const env = environment();

// status asks the worker, from an extension page, what it did to be fast.
async function status() {
  const page = await env.browser.context.newPage();
  await page.goto(env.browser.extensionURL('options/options.html'));
  const s = await page.evaluate(() => chrome.runtime.sendMessage({ type: 'status' }));
  await page.close();
  return s;
}

test('the checker is warmed up at install and the first check uses that instance', { timeout: 60000 }, async () => {
  const warm = await waitFor(async () => {
    const w = (await status()).warm;
    return w && w.reasons.includes('install') && w;
  }, { timeout: 20000, what: 'the warm-up record of the install' });
  assert.ok(warm.reasons.includes('install'), `warm-up = ${JSON.stringify(warm)}; want one at install`);
  // The warm-up works for a time budget, so how many runs fit depends on the
  // machine: assert that it used its whole budget (or its run cap), not a count.
  assert.ok(!warm.stopped && warm.runs >= 2 && (warm.ms >= WARM_MS - 1 || warm.runs >= WARM_MAX_RUNS),
    `warm-up = ${JSON.stringify(warm)}; want it to have checked the sample until its ${WARM_MS} ms budget`);
  assert.ok(!warm.error, warm.error);

  const page = await openPage(env, jpProductURL('B0MKWHJK01'));
  assert.equal((await readBadge(page)).level, 'danger');
  await page.close();
  const after = await status();
  assert.equal(after.checkerLoads, 1, `the worker started the checker ${after.checkerLoads} times; want once, at the warm-up`);
  assert.deepEqual(after.warm, warm, 'the check did not warm up again');
});
