// Command mikiwame checks saved Amazon pages the way the extension does:
// the same extraction, the same scoring, the same sentences.
package main

import "os"

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }
