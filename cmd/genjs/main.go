// Command genjs writes the JavaScript files whose facts come from Go (see
// internal/jsfacts). `go generate ./internal/jsfacts` or `make generate`
// runs it.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/mikiwame/mikiwame/internal/jsfacts"
)

func main() {
	root := flag.String("root", ".", "repository root")
	flag.Parse()
	if err := jsfacts.Write(*root); err != nil {
		fmt.Fprintln(os.Stderr, "genjs:", err)
		os.Exit(1)
	}
}
