package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// The add-on's identity in Firefox. A fixed id keeps the storage and the
// granted permissions across updates and is what AMO signs. The minimum
// versions are the first that read data_collection_permissions (ESR 140 on
// desktop, 142 on Android); everything else the extension uses in MV3
// (background.type "module", storage.session, 'wasm-unsafe-eval') is older.
const (
	geckoID                = "mikiwame@mikiwame.extension"
	geckoMinVersion        = "140.0"
	geckoAndroidMinVersion = "142.0"
)

// firefoxManifest rewrites Chrome's manifest for Firefox:
//   - background: Firefox runs MV3 background scripts as an event page,
//     not a service worker ("background.service_worker is currently
//     disabled"), so the worker file becomes the one module script;
//   - browser_specific_settings.gecko: the id, the minimum version and the
//     data the extension sends (AMO requires the declaration);
//   - minimum_chrome_version goes (Firefox warns on it);
//   - web_accessible_resources lose use_dynamic_url, which Firefox does not
//     know: its moz-extension:// host is already a random per-install UUID,
//     which is what the dynamic URL buys in Chrome.
//
// Everything else (host permissions, optional_host_permissions, the CSP,
// content scripts) means the same in both.
func firefoxManifest(raw []byte) ([]byte, error) {
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("manifest.json: %w", err)
	}
	bg, _ := m["background"].(map[string]any)
	worker, _ := bg["service_worker"].(string)
	if worker == "" {
		return nil, errors.New("manifest.json: background.service_worker is missing")
	}
	if bg["type"] != "module" {
		return nil, errors.New(`manifest.json: background.type is not "module"; the Firefox rule keeps the worker an ES module`)
	}
	m["background"] = map[string]any{"scripts": []string{worker}, "type": "module"}
	delete(m, "minimum_chrome_version")
	m["browser_specific_settings"] = map[string]any{
		"gecko": map[string]any{
			"id":                 geckoID,
			"strict_min_version": geckoMinVersion,
			// What leaves the browser (extension/README.md): reports and,
			// when the shopper opts in, price observations carry what the
			// product page shows (seller, ASIN, price). Firefox asks for
			// consent at install; bucket look-ups by hash prefix name no
			// product or seller.
			"data_collection_permissions": map[string]any{"required": []string{"websiteContent"}},
		},
		"gecko_android": map[string]any{"strict_min_version": geckoAndroidMinVersion},
	}
	if war, ok := m["web_accessible_resources"].([]any); ok {
		for _, e := range war {
			if r, ok := e.(map[string]any); ok {
				delete(r, "use_dynamic_url")
			}
		}
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
