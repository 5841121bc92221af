// Page ready → final badge, measured from the page's side in any driver:
// markBadge runs as an init script, badgeTime reads the result afterwards.

// markBadge notes when the badge first shows a final level.
export function markBadge() {
  new MutationObserver((_, obs) => {
    const h = document.getElementById('mikiwame-badge');
    if (h && h.dataset.state === 'done' && h.dataset.level) {
      window.__mkwBadgeAt = performance.now();
      obs.disconnect();
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
}

// badgeTime is DOMContentLoaded → the final badge in ms, or undefined
// while the badge has not settled.
export function badgeTime() {
  return window.__mkwBadgeAt && window.__mkwBadgeAt - performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd;
}
