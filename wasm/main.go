//go:build js && wasm

// Command wasm is Mikiwame's checker for the browser. It sets one global,
// globalThis.mikiwame, whose functions take strings and return the
// {ok:true, …} / {ok:false, error, code?} envelope of package check, the
// pipeline the command-line checker runs too. It is the only file that
// imports syscall/js; every decision lives in pure Go packages the native
// tests reach. It keeps no state between calls.
package main

import (
	"fmt"
	"syscall/js"

	"github.com/mikiwame/mikiwame/internal/check"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	js.Global().Set("mikiwame", newAPI())
	// Keep the Go runtime alive so the exported functions stay callable.
	select {}
}

func newAPI() js.Value {
	return js.ValueOf(map[string]any{
		"extract": export("extract", 3, func(a []string) check.Envelope {
			return check.Extract(a[0], a[1], a[2])
		}),
		"score": export("score", 2, func(a []string) check.Envelope {
			return check.Score(a[0], a[1])
		}),
		"explain": export("explain", 2, func(a []string) check.Envelope {
			return check.Explain(a[0], a[1])
		}),
		// seller(profile, storefront, sellerId): the storefront is "" when
		// it could not be read.
		"seller": export("seller", 3, func(a []string) check.Envelope {
			return check.Seller(a[0], a[1], a[2])
		}),
		"version": version,
	})
}

// export wraps f as a JS function taking exactly arity arguments. String
// arguments pass as they are; objects (a listing or context the caller has
// not stringified) are JSON-encoded by JSON.stringify first. Anything else,
// a wrong count, or a panic gives a failure envelope, never a JS exception.
func export(name string, arity int, f func([]string) check.Envelope) js.Func {
	return js.FuncOf(func(this js.Value, args []js.Value) any {
		env := check.Safe(func() check.Envelope {
			if len(args) != arity {
				return check.Fail("%s: got %d arguments; want %d", name, len(args), arity)
			}
			strs := make([]string, arity)
			for i, a := range args {
				s, err := toString(a)
				if err != nil {
					return check.Fail("%s: argument %d: %v", name, i+1, err)
				}
				strs[i] = s
			}
			return f(strs)
		})
		return toJS(env)
	})
}

func toString(v js.Value) (string, error) {
	switch v.Type() {
	case js.TypeString:
		return v.String(), nil
	case js.TypeObject:
		if js.Global().Get("Array").Call("isArray", v).Bool() {
			return "", fmt.Errorf("got an array; want a string or an object")
		}
		return js.Global().Get("JSON").Call("stringify", v).String(), nil
	}
	return "", fmt.Errorf("got %s; want a string", v.Type())
}

// toJS turns the envelope into a plain JS object through JSON, the one
// encoding the native tests check too.
func toJS(env check.Envelope) any {
	return js.Global().Get("JSON").Call("parse", env.JSON())
}
