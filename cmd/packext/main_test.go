package main

import (
	"archive/zip"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

func TestPack(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"manifest.json":             "{}",
		"background.js":             "",
		"wasm/mikiwame.wasm":        "\x00asm",
		"_locales/ja/messages.json": "{}",
		"node_modules/x/index.js":   "",
		"test/unit/a.test.js":       "",
		"package.json":              "{}",
		"messages.go":               "package extension",
		"lib/embed.go":              "package lib", // any Go file, by rule
		"docs/NOTES.md":             "",
		"eslint.config.js":          "",
		"lib/.hidden":               "",
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "x.zip")
	if err := pack(dir, out, "chrome"); err != nil {
		t.Fatalf("pack() = %v; want nil", err)
	}
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var got []string
	for _, f := range zr.File {
		got = append(got, f.Name)
	}
	sort.Strings(got)
	want := "_locales/ja/messages.json background.js manifest.json wasm/mikiwame.wasm"
	if strings.Join(got, " ") != want {
		t.Errorf("zip holds %v; want %v", got, want)
	}
}

func TestPackNeedsWasm(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "x.zip")
	err := pack(dir, out, "chrome")
	if err == nil || !strings.Contains(err.Error(), "make wasm") {
		t.Errorf("pack() = %v; want an error saying to run make wasm", err)
	}
	if _, serr := os.Stat(out); serr == nil {
		t.Errorf("pack() left %s behind after failing", out)
	}
}
