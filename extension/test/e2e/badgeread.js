// Reading the badge, whatever drives the browser: each driver brings its
// own inBadge (how it reaches the closed shadow root from the content
// script's world) and its own extension log; what is read, and what a
// failure says, is written once here.

import { waitFor } from './harness.js';

// snapshot runs in the page: the badge once it has a settled level, else null.
function snapshot(root, host) {
  if (!root || host.dataset.state !== 'done' || !/^(ok|caution|danger|unknown)$/.test(host.dataset.level || '') || !root.querySelector('.mkw-title')) return null;
  const text = (el) => (el ? el.textContent.trim() : '');
  return {
    level: host.dataset.level,
    title: text(root.querySelector('.mkw-title')),
    summary: text(root.querySelector('.mkw-summary')),
    reasons: [...root.querySelectorAll('.mkw-reason')].map((r) => ({ code: r.dataset.code, text: text(r), visible: r.checkVisibility() })),
    notes: [...root.querySelectorAll('.mkw-note')].map((n) => n.dataset.note),
    report: Boolean(root.querySelector('.mkw-report')),
    text: text(root),
  };
}

// badgeReader returns readBadge(page, {timeout}) for a driver: inBadge(page,
// fn) runs fn(root, host) in the content script's world; logOf(page) is
// the extension's log lines.
export function badgeReader(inBadge, logOf) {
  return async function readBadge(page, { timeout = 20000 } = {}) {
    try {
      return await waitFor(() => inBadge(page, snapshot), { timeout, what: 'a settled badge' });
    } catch (err) {
      // Say what the badge showed instead, and what the extension logged.
      const state = await inBadge(page, (root, host) => (host ? `state=${host.dataset.state} level=${host.dataset.level} text=${root.textContent}` : 'no badge'))
        .catch((e) => `page gone: ${e.message}`);
      err.message += `\nbadge on ${page.url()}: ${state}\nextension log:\n${logOf(page)?.join('\n') ?? ''}`;
      throw err;
    }
  };
}
