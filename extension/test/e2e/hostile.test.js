// Seller names are written by would-be fraudsters. Whatever the name holds
// (markup, script, bidi overrides, kilobytes of text), the badge shows it as
// text and nothing in it runs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { environment, inBadge, openPage, readBadge } from './env.js';
import { hostileNames, jpProductURL } from './site.js';

const env = environment();

// Characters the extension may drop from page text on purpose: controls and
// bidi overrides/isolates, which could make a name read backwards.
// eslint-disable-next-line no-control-regex -- matching controls is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const CONTROLS = new RegExp(CONTROL.source, 'g');

test('hostile seller names render as text and run nothing', { timeout: 120000 }, async (t) => {
  for (const [i, name] of hostileNames.entries()) {
    await t.test(`name ${i + 1}: ${JSON.stringify(name.slice(0, 40))}`, async () => {
      const page = await openPage(env, jpProductURL(`B0MKWXSS0${i + 1}`));
      const badge = await readBadge(page);
      assert.notEqual(badge.level, 'unknown', `level = unknown (${badge.text}); want a verdict for a readable page`);
      // Give inline handlers every chance to fire.
      await page.locator('#mikiwame-badge').hover();
      const seen = {
        ...await page.evaluate(() => ({
          pwned: window.__pwned,
          inPage: document.querySelectorAll('img, svg, iframe, [onerror], [onload]').length,
          scripts: document.scripts.length,
        })),
        ...await inBadge(page, (root) => ({
          line: root.querySelector('.mkw-seller')?.textContent ?? null,
          inBadge: root.querySelectorAll('img, script, svg, i, b, iframe, [onerror], [onload], [onmouseover]').length,
        })),
      };
      assert.equal(seen.pwned, undefined, 'window.__pwned is set: the name ran as code');
      assert.equal(seen.inBadge, 0, 'the badge holds elements made from the name');
      assert.equal(seen.inPage, 0, 'the page holds elements made from the name');
      assert.equal(seen.scripts, 1, `scripts in the page = ${seen.scripts}; want 1, the page's own`);
      assert.ok(seen.line && seen.line.startsWith('出品者：'), `seller line = ${JSON.stringify(seen.line)}; want 出品者：NAME`);
      const shown = seen.line.slice('出品者：'.length);
      const clean = name.replace(CONTROLS, '');
      assert.ok(!CONTROL.test(shown), `seller line ${JSON.stringify(shown)} keeps control or bidi characters`);
      if (clean.length <= 200) {
        assert.equal(shown, clean, `seller line = ${JSON.stringify(shown)}; want the name as text`);
      } else {
        // A 5 KB name is cut, but what is shown is still the name's text.
        const kept = shown.replace(/…$/, '');
        assert.ok(kept.length >= 50 && kept.length <= 300, `shown ${kept.length} chars of a ${clean.length}-char name; want a readable cut`);
        assert.ok(clean.startsWith(kept), `seller line = ${JSON.stringify(shown.slice(0, 80))}; want a prefix of the name`);
      }
      await page.close();
    });
  }
});
