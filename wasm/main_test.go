//go:build js && wasm

package main

import (
	"strings"
	"syscall/js"
	"testing"
)

// call invokes mikiwame.<name>(args…) the way the service worker does and
// fails the test if it throws instead of answering with an envelope.
func call(t *testing.T, api js.Value, name string, args ...any) js.Value {
	t.Helper()
	var out js.Value
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("mikiwame.%s threw %v; want an envelope", name, r)
			}
		}()
		out = api.Get(name).Invoke(args...)
	}()
	if out.Type() != js.TypeObject || out.Get("ok").Type() != js.TypeBoolean {
		t.Fatalf("mikiwame.%s returned %v; want an {ok, …} object", name, out)
	}
	return out
}

func TestAPIShape(t *testing.T) {
	api := newAPI()
	for _, fn := range []string{"extract", "score", "explain", "seller"} {
		if got := api.Get(fn).Type(); got != js.TypeFunction {
			t.Errorf("typeof mikiwame.%s = %s; want function", fn, got)
		}
	}
	if got := api.Get("version"); got.Type() != js.TypeString || got.String() == "" {
		t.Errorf("mikiwame.version = %v; want a string", got)
	}
}

func TestBadArguments(t *testing.T) {
	api := newAPI()
	big := strings.Repeat("\x00garbage<div", 5<<20/12)
	tests := []struct {
		name, fn string
		args     []any
		wantErr  string
	}{
		{"no arguments", "extract", nil, "got 0 arguments; want 3"},
		{"too many", "score", []any{"{}", "{}", "{}"}, "got 3 arguments; want 2"},
		{"number", "extract", []any{"product", 42, "https://www.amazon.co.jp/dp/B0"}, "argument 2"},
		{"undefined", "explain", []any{js.Undefined(), "ja"}, "argument 1"},
		{"null", "explain", []any{js.Null(), "ja"}, "argument 1"},
		{"array", "score", []any{[]any{1, 2}, "{}"}, "array"},
		{"bad kind", "extract", []any{"cart", "<html></html>", "https://www.amazon.co.jp/dp/B0"}, "unknown kind"},
		{"empty html", "extract", []any{"product", "", "https://www.amazon.co.jp/dp/B0"}, ""},
		{"5 MB garbage", "extract", []any{"product", big, "https://www.amazon.co.jp/dp/B0"}, "at most"},
		{"broken JSON", "score", []any{"{", ""}, "listing"},
		{"no lang", "explain", []any{`{"level":"ok"}`, ""}, "lang"},
		{"null storefront", "seller", []any{`{"ratings":{}}`, js.Null(), "A1B2C3D4E5F6G7"}, "argument 2"},
		{"another seller", "seller", []any{`{"id":"A3DORMANTJP001","ratings":{}}`, "", "A1B2C3D4E5F6G7"}, "not A1B2C3D4E5F6G7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := call(t, api, tt.fn, tt.args...)
			if out.Get("ok").Bool() {
				t.Fatalf("mikiwame.%s(%s) ok = true; want false", tt.fn, tt.name)
			}
			if e := out.Get("error"); e.Type() != js.TypeString || !strings.Contains(e.String(), tt.wantErr) {
				t.Errorf("mikiwame.%s(%s).error = %v; want it to contain %q", tt.fn, tt.name, e, tt.wantErr)
			}
		})
	}
}

// A listing may come as an object instead of a JSON string; both must give
// the same verdict, and the verdict must explain in both languages.
func TestScoreAndExplain(t *testing.T) {
	api := newAPI()
	const listing = `{"marketplace":"JP","asin":"B000000001","offer":{"sellerName":"Amazon.co.jp","sellerId":"AN1VRQENFRJN5","fulfillment":"amazon","price":{"amount":1000,"currency":"JPY"}}}`
	fromString := call(t, api, "score", listing, "")
	if !fromString.Get("ok").Bool() {
		t.Fatalf("score(string) = %v; want ok", js.Global().Get("JSON").Call("stringify", fromString))
	}
	obj := js.Global().Get("JSON").Call("parse", listing)
	fromObject := call(t, api, "score", obj, js.Global().Get("Object").New())
	stringify := func(v js.Value) string { return js.Global().Get("JSON").Call("stringify", v).String() }
	if a, b := stringify(fromString.Get("verdict")), stringify(fromObject.Get("verdict")); a != b {
		t.Errorf("score(object) verdict = %s; want %s (as from a string)", b, a)
	}
	for _, lang := range []string{"ja", "en"} {
		ex := call(t, api, "explain", fromString.Get("verdict"), lang)
		if !ex.Get("ok").Bool() || ex.Get("explanation").Get("title").String() == "" {
			t.Errorf("explain(verdict, %s) = %s; want ok with a title", lang, stringify(ex))
		}
	}
}

func TestExtractUnreadableGivesCode(t *testing.T) {
	api := newAPI()
	out := call(t, api, "extract", "product", "", "https://www.amazon.co.jp/dp/B000000001")
	if out.Get("ok").Bool() || out.Get("code").Type() != js.TypeString || out.Get("code").String() == "" {
		t.Fatalf("extract(product, empty) = %s; want ok false with a code",
			js.Global().Get("JSON").Call("stringify", out))
	}
	if got := out.Get("verdict").Get("level").String(); got != "unknown" {
		t.Errorf("extract(product, empty).verdict.level = %q; want unknown", got)
	}
}

// The worker hands over the profile and the storefront as the extract calls
// gave them, as objects; the answer is the seller it caches.
func TestSellerMerge(t *testing.T) {
	api := newAPI()
	parse := func(s string) js.Value { return js.Global().Get("JSON").Call("parse", s) }
	out := call(t, api, "seller", parse(`{"name":"x","ratings":{}}`), parse(`{"listings":1000,"atLeast":true}`), "A1B2C3D4E5F6G7")
	got := js.Global().Get("JSON").Call("stringify", out).String()
	if want := `{"ok":true,"seller":{"id":"A1B2C3D4E5F6G7","name":"x","ratings":{},"listings":1000,"listingsAtLeast":true}}`; got != want {
		t.Errorf("seller(profile, storefront, id) = %s; want %s", got, want)
	}
}
