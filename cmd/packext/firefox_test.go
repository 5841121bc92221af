package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestFirefoxManifestRepo rewrites the real manifest: whatever the Chrome
// side adds later, the Firefox variant keeps it and changes only the keys
// the rule is about.
func TestFirefoxManifestRepo(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "extension", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := firefoxManifest(raw)
	if err != nil {
		t.Fatalf("firefoxManifest(extension/manifest.json) = %v", err)
	}
	var chrome, ff map[string]any
	if err := json.Unmarshal(raw, &chrome); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(out, &ff); err != nil {
		t.Fatalf("firefox manifest is not JSON: %v", err)
	}
	bg := ff["background"].(map[string]any)
	if _, ok := bg["service_worker"]; ok {
		t.Errorf("background = %v; want no service_worker (Firefox refuses it)", bg)
	}
	if got, want := bg["scripts"], []any{"background.js"}; !reflect.DeepEqual(got, want) {
		t.Errorf("background.scripts = %v; want %v", got, want)
	}
	if bg["type"] != "module" {
		t.Errorf("background.type = %v; want module", bg["type"])
	}
	gecko := ff["browser_specific_settings"].(map[string]any)["gecko"].(map[string]any)
	if gecko["id"] != geckoID || gecko["strict_min_version"] != geckoMinVersion {
		t.Errorf("gecko = %v; want id %s, strict_min_version %s", gecko, geckoID, geckoMinVersion)
	}
	if _, ok := ff["minimum_chrome_version"]; ok {
		t.Error("minimum_chrome_version kept; want it dropped")
	}
	if strings.Contains(string(out), "use_dynamic_url") {
		t.Error("use_dynamic_url kept; want it dropped")
	}
	// Every other key is Chrome's, unchanged.
	for k, v := range chrome {
		switch k {
		case "background", "minimum_chrome_version", "web_accessible_resources":
			continue
		}
		if !reflect.DeepEqual(ff[k], v) {
			t.Errorf("%s = %v; want Chrome's %v", k, ff[k], v)
		}
	}
}

func TestFirefoxManifestErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{`, "manifest.json"},
		{`{"background": {"scripts": ["b.js"]}}`, "service_worker is missing"},
		{`{"background": {"service_worker": "b.js"}}`, `"module"`},
	} {
		_, err := firefoxManifest([]byte(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("firefoxManifest(%s) = %v; want an error containing %q", tc.in, err, tc.want)
		}
	}
}

// TestUnpackFirefox writes the unpacked Firefox tree: the shipped files
// only, the manifest rewritten.
func TestUnpackFirefox(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"manifest.json":           `{"background": {"service_worker": "background.js", "type": "module"}}`,
		"background.js":           "x",
		"wasm/mikiwame.wasm":      "\x00asm",
		"test/unit/a.test.js":     "",
		"node_modules/x/index.js": "",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "ff")
	if err := unpack(dir, out, "firefox"); err != nil {
		t.Fatalf("unpack() = %v; want nil", err)
	}
	m, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err != nil || !strings.Contains(string(m), `"scripts"`) || strings.Contains(string(m), "service_worker") {
		t.Errorf("manifest.json = %s, %v; want the Firefox background", m, err)
	}
	for name, want := range map[string]bool{"background.js": true, "wasm/mikiwame.wasm": true, "test": false, "node_modules": false} {
		_, err := os.Stat(filepath.Join(out, name))
		if got := err == nil; got != want {
			t.Errorf("%s present = %v; want %v", name, got, want)
		}
	}
}
