// Honest shoppers must not poison the crowd (issue 9): five shoppers who
// share prices visit a scam listing (¥2,100 for a ¥40,800 phone from a
// dormant overseas account) and an honest one (Amazon's own offer). Each
// is a browser profile of its own, so the worker mints a client of its
// own, behind a forwarder that plays the shopper's network: the server
// trusts 127.0.0.1 as a proxy and reads each shopper's X-Forwarded-For, a
// /24 per shopper, so the five count as five network blocks — enough for a
// baseline. The server's aging is off in the harness (a client counts from
// its first write), and its read cache is off here, so the test runs in
// one go. Nobody priced the scam before: the server's outlier bound has
// no range to drop a price against, and only the extension stands between
// the scam's price and the market price.
//
// The sixth shopper must still get the far-below warning, and the API
// must hold no price for the scam while it holds the honest one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { environment, readBadge, saveOptions } from './env.js';
import { launchBrowser, redisCommand, startForwarder, waitFor } from './harness.js';
import { jpProductURL } from './site.js';
import { BUCKET_PREFIX, bucketHash } from '../../lib/api.js';

const env = environment({ apiEnv: { MIKIWAME_TRUSTED_PROXIES: '127.0.0.1/32', MIKIWAME_CACHE_FRESH: '0s' } });

const SCAM = 'B0MKWHJK01';
const HONEST = 'B0MKWAMZN1'; // sold by Amazon at ¥12,800
const SHOPPERS = 5;

// sharing points a browser at its forwarder with price sharing on, in the
// options page, as a shopper would.
function sharing(browser, apiURL) {
  return saveOptions({ browser }, async (page) => {
    await page.locator('#api').fill(apiURL);
    await page.locator('#share').check();
  });
}

// visit opens a product page and returns its settled badge.
async function visit(browser, asin) {
  const page = await browser.context.newPage();
  await page.goto(jpProductURL(asin), { waitUntil: 'domcontentloaded' });
  const badge = await readBadge(page);
  await page.close();
  return badge;
}

// sharedASINs lists the products of the observations a forwarder passed on.
function sharedASINs(fwd) {
  return fwd.requests
    .filter((r) => r.method === 'POST' && r.path === '/v1/observations')
    .flatMap((r) => JSON.parse(r.body).observations.map((o) => `${o.asin}:${o.price}`));
}

// baselineOf reads a product's crowd baseline the way the extension does:
// its bucket by hash prefix, then its own entry by the full hash.
async function baselineOf(asin) {
  const hash = await bucketHash('baselines', 'JP', asin);
  const r = await env.api.get(`/v1/buckets/baselines/${hash.slice(0, BUCKET_PREFIX.baselines)}`);
  assert.equal(r.status, 200, `GET bucket = ${r.status} ${JSON.stringify(r.body)}`);
  return (r.body.entries || {})[hash] || null;
}

test('five sharing shoppers on a scam listing leave the sixth shopper\'s warning in place', { timeout: 240000 }, async () => {
  const forwarders = [];
  try {
    for (let i = 1; i <= SHOPPERS; i++) {
      const fwd = await startForwarder({ target: env.api.url, forwardedFor: `198.18.${i}.10` });
      forwarders.push(fwd);
      const browser = await launchBrowser({ amazonPort: env.amazon.port, profileDir: path.join(env.dir, `shopper-${i}`) });
      try {
        await sharing(browser, fwd.url);
        const scam = await visit(browser, SCAM);
        assert.equal(scam.level, 'danger', `shopper ${i}: scam level = ${scam.level}; want danger (${scam.text})`);
        const honest = await visit(browser, HONEST);
        assert.equal(honest.level, 'ok', `shopper ${i}: honest level = ${honest.level}; want ok (${honest.text})`);
        // Observations go out in the background: wait for the honest one
        // to reach the API, and for nothing to be left in flight (the
        // scam's check ended before the honest page was opened, so its
        // observation, if any, was sent first).
        await waitFor(() => sharedASINs(fwd).length > 0 && fwd.idle(), { timeout: 20000, what: `shopper ${i}'s observation` });
        assert.deepEqual(sharedASINs(fwd), [`${HONEST}:12800`], `shopper ${i} shared these prices`);
      } finally {
        await browser.close();
      }
    }

    // The five did reach the crowd, as five networks: the honest product
    // has its baseline.
    const honest = await baselineOf(HONEST);
    assert.ok(honest, `no baseline for ${HONEST} in its bucket; want one`);
    assert.equal(honest.median, 12800);
    assert.equal(honest.contributors, SHOPPERS);
    // And the scam's price is nowhere: no baseline, no stored price,
    // counted or not.
    const scam = await baselineOf(SCAM);
    assert.equal(scam, null, `baseline of ${SCAM} = ${JSON.stringify(scam)}; want none`);
    for (const key of [`mkw:v1:obs:{JP:${SCAM}}`, `mkw:v1:obs-pending:{JP:${SCAM}}`]) {
      assert.equal(await redisCommand(env.redis.port, 'HLEN', key), '0', `HLEN ${key}; want 0`);
    }
    assert.equal(await redisCommand(env.redis.port, 'HLEN', `mkw:v1:obs:{JP:${HONEST}}`), String(SHOPPERS), 'one counted price per shopper network');

    // The sixth shopper, sharing too, still gets the far-below warning
    // against the page's own reference price, with no crowd price to
    // argue with it.
    const fwd = await startForwarder({ target: env.api.url, forwardedFor: '198.18.6.10' });
    forwarders.push(fwd);
    await sharing(env.browser, fwd.url);
    const sixth = await visit(env.browser, SCAM);
    assert.equal(sixth.level, 'danger', `sixth shopper: level = ${sixth.level}; want danger (${sixth.text})`);
    const far = sixth.reasons.find((r) => r.code.startsWith('PRICE_FAR_BELOW'));
    assert.ok(far, `sixth shopper: reasons = ${JSON.stringify(sixth.reasons.map((r) => r.code))}; want a far-below-price warning`);
    assert.ok(far.text.includes('93%') && far.text.includes('¥40,800'), `sixth shopper: ${far.code} = ${far.text}; want 93% below ¥40,800`);
    assert.ok(!sixth.reasons.some((r) => r.code === 'CROWD_DISAGREES'), `sixth shopper: a crowd price disagrees with the page (${sixth.text})`);
    assert.equal((await visit(env.browser, HONEST)).level, 'ok');
    await waitFor(() => sharedASINs(fwd).length > 0 && fwd.idle(), { timeout: 20000, what: 'the sixth shopper\'s observation' });
    assert.deepEqual(sharedASINs(fwd), [`${HONEST}:12800`], 'the sixth shopper shared these prices');
  } finally {
    for (const f of forwarders) await f.stop();
  }
});
