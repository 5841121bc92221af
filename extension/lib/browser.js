// The extension API of the browser we run in, for every ES module of the
// extension (worker, popup, options, report frame): import { ext } and
// call ext.storage…, ext.runtime…, never chrome.* or browser.* directly.
//
// Firefox has browser.* (promises) and, for porting, chrome.*; Chrome has
// only chrome.*, whose MV3 methods return a promise when given no callback.
// So ext is browser where it exists, else chrome, and no call passes a
// callback. The content scripts are classic scripts that cannot import a
// module; they use chrome.*, which returns promises in both browsers' MV3
// content scripts (the Firefox end-to-end tests exercise every call).
//
// What else differs, and where it is handled (docs: README "Firefox"):
//   - background: Chrome runs background.js as a service worker, Firefox as
//     an event page's module script; the manifest for Firefox is written by
//     cmd/packext from the one manifest.json, and background.js uses only
//     what both have (no importScripts, no DOM).
//   - storage.session: both have it (Chrome 102+, Firefox 115+), for the
//     worker and extension pages only, never content scripts.
//   - no offscreen documents in Firefox: the extension uses none (the wasm
//     runs in the worker in both).
//   - web_accessible_resources use_dynamic_url: Chrome only; Firefox's
//     moz-extension:// host is already a random per-install UUID.
//   - optional host permissions (an API address that is not local): both
//     ask through permissions.request in the Save click's user gesture.
export const ext = globalThis.browser && globalThis.browser.runtime ? globalThis.browser : globalThis.chrome;
