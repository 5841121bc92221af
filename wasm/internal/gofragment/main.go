// Command gofragment prints, for each page file named in the JSON array on
// stdin, the fragment amazon.Fragment builds from it, as a JSON array in the
// same order. The extension's tests compare it with what the content script
// builds from the same page in Chromium.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/mikiwame/mikiwame/internal/amazon"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gofragment:", err)
		os.Exit(1)
	}
}

func run() error {
	var files []string
	if err := json.NewDecoder(os.Stdin).Decode(&files); err != nil {
		return fmt.Errorf("read the file list: %w", err)
	}
	out := make([]string, 0, len(files))
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		b, err := amazon.Fragment(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		out = append(out, string(b))
	}
	return json.NewEncoder(os.Stdout).Encode(out)
}
