import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { MARKETPLACES } from "../../lib/marketplaces.js";

const ext = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const manifest = JSON.parse(fs.readFileSync(path.join(ext, "manifest.json"), "utf8"));
const hosts = Object.values(MARKETPLACES).map((m) => m.host);

test("manifest version 3 with a default locale", () => {
  assert.equal(manifest.manifest_version, 3);
  assert.equal(manifest.default_locale, "en");
  assert.match(manifest.name, /^__MSG_\w+__$/);
});

test("the CSP allows wasm and nothing else beyond self", () => {
  assert.equal(manifest.content_security_policy.extension_pages, "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");
});

test("least permissions", () => {
  assert.deepEqual(manifest.permissions, ["storage"]);
  const want = [...hosts.map((h) => `https://${h}/*`), "http://127.0.0.1/*", "http://localhost/*"];
  assert.deepEqual([...manifest.host_permissions].sort(), want.sort());
  assert.deepEqual(manifest.optional_host_permissions, ["https://*/*"]);
  // Only the report frame, only to Amazon's pages, and only at the
  // per-session dynamic URL, which a page cannot guess.
  assert.deepEqual(manifest.web_accessible_resources, [
    { resources: ["report/report.html"], matches: hosts.map((h) => `https://${h}/*`), use_dynamic_url: true },
  ]);
});

test("no page or other extension can talk to the worker, and content scripts stay in their own world", () => {
  // Without externally_connectable no web page can message the extension;
  // other extensions could, but only through the External events, which
  // nothing listens to.
  assert.equal(manifest.externally_connectable, undefined, "externally_connectable");
  for (const file of ["background.js", ...fs.readdirSync(path.join(ext, "lib")).map((f) => path.join("lib", f))]) {
    assert.doesNotMatch(fs.readFileSync(path.join(ext, file), "utf8"), /on(Message|Connect)External/, `${file} listens to other extensions`);
  }
  for (const cs of manifest.content_scripts) {
    assert.equal(cs.world, undefined, `${cs.js}: the MAIN world would share globals with Amazon's scripts`);
    assert.equal(cs.all_frames, undefined, `${cs.js}: top frame only`);
    assert.equal(cs.match_about_blank ?? cs.match_origin_as_fallback, undefined, `${cs.js}: no blank frames`);
  }
});

test("the worker is a module", () => {
  assert.deepEqual(manifest.background, { service_worker: "background.js", type: "module" });
});

test("content scripts cover product and 2-step pages on every marketplace, and their files exist", () => {
  const [product, twostep] = manifest.content_scripts;
  for (const h of hosts) {
    for (const p of ["/dp/*", "/*/dp/*", "/gp/product/*"]) assert.ok(product.matches.includes(`https://${h}${p}`), `product match ${h}${p}`);
    assert.ok(twostep.matches.includes(`https://${h}/a/settings/approval*`), `2SV match ${h}`);
  }
  assert.equal(product.js[0], "content/selectors.js", "the selectors load before the scripts that use them");
  assert.equal(product.js.at(-1), "content/content.js", "the main script loads last");
  for (const cs of manifest.content_scripts) {
    for (const f of cs.js) assert.ok(fs.existsSync(path.join(ext, f)), `${f} exists`);
    assert.ok(cs.matches.every((m) => m.startsWith("https://www.amazon.")), "content scripts run only on Amazon");
  }
});

test("every file the manifest names exists", () => {
  const files = [
    manifest.background.service_worker,
    manifest.action.default_popup,
    manifest.options_ui.page,
    ...Object.values(manifest.icons),
    ...Object.values(manifest.action.default_icon),
  ];
  for (const f of files) assert.ok(fs.existsSync(path.join(ext, f)), `${f} exists`);
});
