// Command packext packs the built extension for one browser: a zip for a
// store upload, or an unpacked folder (-dir) for a browser to load. It is
// Go, not the zip tool, so `make extension` works on a machine that has
// only Go.
//
//	go run ./cmd/packext -o dist/mikiwame-chrome.zip extension
//	go run ./cmd/packext -browser firefox -o dist/mikiwame-firefox.zip extension
//
// extension/manifest.json is written for Chrome; the Firefox manifest is
// made from it by a rule (firefoxManifest), so there is one manifest to
// keep.
package main

import (
	"archive/zip"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// devDirs and devFiles are the top-level parts of extension/ that belong to
// development. Beyond them a rule applies, so a new Go or doc file needs no
// entry: Go sources, Markdown, tests and dot-files never ship.
var (
	devDirs  = []string{"node_modules", "test", "tools", "bench"}
	devFiles = []string{"package.json", "package-lock.json", "eslint.config.js"}
	devExts  = []string{".go", ".md"}
)

func main() {
	out := flag.String("o", "", "zip file to write")
	dir := flag.String("dir", "", "folder to write the unpacked extension to, instead of a zip")
	browser := flag.String("browser", "chrome", "chrome or firefox: whose manifest to write")
	flag.Parse()
	if (*out == "") == (*dir == "") || flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: packext [-browser chrome|firefox] (-o OUT.zip | -dir OUT) EXTENSION_DIR")
		os.Exit(1)
	}
	var err error
	switch {
	case *browser != "chrome" && *browser != "firefox":
		err = fmt.Errorf("-browser %q: want chrome or firefox", *browser)
	case *dir != "":
		err = unpack(flag.Arg(0), *dir, *browser)
	default:
		err = pack(flag.Arg(0), *out, *browser)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "packext:", err)
		os.Exit(1)
	}
}

// pack writes the zip out; browser picks the manifest.
func pack(dir, out, browser string) error {
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(f)
	err = walk(dir, browser, func(name string, body io.Reader) error {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
		if err != nil {
			return err
		}
		_, err = io.Copy(w, body)
		return err
	})
	if cerr := zw.Close(); err == nil {
		err = cerr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(out)
	}
	return err
}

// unpack writes the same files into the folder out, emptied first, so a
// browser can load it unpacked (the Firefox end-to-end tests do).
func unpack(dir, out, browser string) error {
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	err := walk(dir, browser, func(name string, body io.Reader) error {
		p := filepath.Join(out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		f, err := os.Create(p)
		if err != nil {
			return err
		}
		_, err = io.Copy(f, body)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return err
	})
	if err != nil {
		os.RemoveAll(out)
	}
	return err
}

// walk calls put for every file that ships, with manifest.json made for
// browser.
func walk(dir, browser string, put func(name string, body io.Reader) error) error {
	root := os.DirFS(dir)
	manifest, err := fs.ReadFile(root, "manifest.json")
	if err != nil {
		return fmt.Errorf("%s has no manifest.json: %w", dir, err)
	}
	if _, err := fs.Stat(root, "wasm/mikiwame.wasm"); err != nil {
		return errors.New("the wasm checker is not built: run make wasm first")
	}
	if browser == "firefox" {
		if manifest, err = firefoxManifest(manifest); err != nil {
			return err
		}
	}
	return fs.WalkDir(root, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if name == "." {
			return nil
		}
		if skipped(name) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if name == "manifest.json" {
			return put(name, strings.NewReader(string(manifest)))
		}
		src, err := root.Open(name)
		if err != nil {
			return err
		}
		defer src.Close()
		return put(name, src)
	})
}

func skipped(name string) bool {
	top, _, _ := strings.Cut(name, "/")
	if slices.Contains(devDirs, top) || slices.Contains(devFiles, name) || slices.Contains(devExts, path.Ext(name)) {
		return true
	}
	return strings.HasSuffix(name, ".test.js") || strings.HasPrefix(path.Base(name), ".")
}
