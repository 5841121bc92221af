// Command packext zips the built extension for a store upload. It is Go, not
// the zip tool, so `make extension` works on a machine that has only Go.
//
//	go run ./cmd/packext -o dist/mikiwame-extension.zip extension
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
	flag.Parse()
	if *out == "" || flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: packext -o OUT.zip EXTENSION_DIR")
		os.Exit(1)
	}
	if err := pack(flag.Arg(0), *out); err != nil {
		fmt.Fprintln(os.Stderr, "packext:", err)
		os.Exit(1)
	}
}

func pack(dir, out string) error {
	root := os.DirFS(dir)
	if _, err := fs.Stat(root, "manifest.json"); err != nil {
		return fmt.Errorf("%s has no manifest.json: %w", dir, err)
	}
	if _, err := fs.Stat(root, "wasm/mikiwame.wasm"); err != nil {
		return errors.New("the wasm checker is not built: run make wasm first")
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(f)
	err = fs.WalkDir(root, ".", func(name string, d fs.DirEntry, err error) error {
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
		return add(zw, root, name)
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

func skipped(name string) bool {
	top, _, _ := strings.Cut(name, "/")
	if slices.Contains(devDirs, top) || slices.Contains(devFiles, name) || slices.Contains(devExts, path.Ext(name)) {
		return true
	}
	return strings.HasSuffix(name, ".test.js") || strings.HasPrefix(path.Base(name), ".")
}

func add(zw *zip.Writer, root fs.FS, name string) error {
	src, err := root.Open(name)
	if err != nil {
		return err
	}
	defer src.Close()
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
	if err != nil {
		return err
	}
	_, err = io.Copy(w, src)
	return err
}
