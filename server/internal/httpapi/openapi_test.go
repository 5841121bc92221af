package httpapi

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
)

// TestOpenAPIMatchesRoutes keeps docs/openapi.yaml and the registered
// routes equal: every documented path and method is served, and every
// served one is documented.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "..", "docs", "openapi.yaml"))
	if err != nil {
		t.Fatalf("open docs/openapi.yaml: %v", err)
	}
	defer f.Close()
	documented, err := openAPIOperations(bufio.NewScanner(f))
	if err != nil {
		t.Fatalf("read docs/openapi.yaml: %v", err)
	}
	var served []string
	for _, r := range newAPI(t, testOptions()).echo.Routes() {
		if r.Method == echo.RouteNotFound {
			continue // Echo's own fallbacks for groups with middleware
		}
		served = append(served, r.Method+" "+r.Path)
	}
	slices.Sort(served)
	if len(documented) == 0 || !slices.Equal(documented, served) {
		t.Errorf("docs/openapi.yaml operations =\n  %s\nwant the registered routes\n  %s",
			strings.Join(documented, "\n  "), strings.Join(served, "\n  "))
	}
}

// openAPIOperations reads "METHOD /path" pairs from the paths section of
// an OpenAPI YAML file written with two-space indentation: a path is a key
// at depth one under "paths:", a method a key at depth two. {param}
// becomes Echo's :param. Enough YAML for our own file, no dependency.
func openAPIOperations(sc *bufio.Scanner) ([]string, error) {
	methods := map[string]bool{"get": true, "post": true, "put": true, "patch": true, "delete": true, "head": true, "options": true}
	var ops []string
	inPaths, path := false, ""
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), " ")
		if line == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		indent := len(line) - len(strings.TrimLeft(line, " "))
		key, _, _ := strings.Cut(strings.TrimSpace(line), ":")
		switch {
		case indent == 0:
			inPaths = key == "paths"
		case !inPaths:
		case indent == 2:
			path = strings.Trim(key, `"'`)
			path = strings.NewReplacer("{", ":", "}", "").Replace(path)
		case indent == 4 && methods[key]:
			ops = append(ops, strings.ToUpper(key)+" "+path)
		}
	}
	slices.Sort(ops)
	return ops, sc.Err()
}
