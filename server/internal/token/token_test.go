package token

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

func fixed(t time.Time) func() time.Time { return func() time.Time { return t } }

func TestMintVerify(t *testing.T) {
	is := NewIssuer([]byte("0123456789abcdef"), 24*time.Hour, fixed(t0))
	id, tok := is.Mint()
	if len(id) != idLen || !strings.HasPrefix(tok, "v1."+id+".") {
		t.Fatalf("Mint() = %q, %q; want a 22-char id inside a v1 token", id, tok)
	}
	got, err := is.Verify(tok)
	if err != nil || got != id {
		t.Fatalf("Verify(minted) = %q, %v; want %q, nil", got, err, id)
	}
	id2, _ := is.Mint()
	if id2 == id {
		t.Errorf("Mint() twice gave the same id %q; want random ids", id)
	}
}

func TestVerifyRejects(t *testing.T) {
	is := NewIssuer([]byte("0123456789abcdef"), 24*time.Hour, fixed(t0))
	id, tok := is.Mint()
	parts := strings.Split(tok, ".")
	other := NewIssuer([]byte("another secret!!"), 24*time.Hour, fixed(t0))
	_, foreign := other.Mint()
	_, old := NewIssuer([]byte("0123456789abcdef"), 24*time.Hour, fixed(t0.Add(-25*time.Hour))).Mint()
	_, future := NewIssuer([]byte("0123456789abcdef"), 24*time.Hour, fixed(t0.Add(time.Hour))).Mint()
	flip := func(s string) string {
		b := []byte(s)
		if b[0] == 'A' {
			b[0] = 'B'
		} else {
			b[0] = 'A'
		}
		return string(b)
	}
	tests := map[string]string{
		"empty":            "",
		"garbage":          "hello",
		"other secret":     foreign,
		"expired":          old,
		"from the future":  future,
		"tampered id":      strings.Join([]string{parts[0], flip(id), parts[2], parts[3]}, "."),
		"tampered time":    strings.Join([]string{parts[0], id, "9" + parts[2][1:], parts[3]}, "."),
		"tampered sig":     strings.Join([]string{parts[0], id, parts[2], flip(parts[3])}, "."),
		"other version":    "v2" + tok[2:],
		"extra part":       tok + ".x",
		"too long":         tok + strings.Repeat("A", 200),
		"non-base64 id":    strings.Join([]string{parts[0], "!!!!!!!!!!!!!!!!!!!!!!", parts[2], parts[3]}, "."),
		"nul byte":         tok[:10] + "\x00" + tok[11:],
		"bearer prefix in": "Bearer " + tok,
	}
	for name, tok := range tests {
		t.Run(name, func(t *testing.T) {
			if got, err := is.Verify(tok); !errors.Is(err, ErrInvalid) {
				t.Errorf("Verify(%q) = %q, %v; want ErrInvalid", tok, got, err)
			}
		})
	}
}

func FuzzVerifyToken(f *testing.F) {
	is := NewIssuer([]byte("0123456789abcdef"), 24*time.Hour, fixed(t0))
	// Built, not minted: every fuzz worker must agree on the one valid token.
	body := "v1.AAAAAAAAAAAAAAAAAAAAAA." + strconv.FormatInt(t0.Unix(), 10)
	tok := body + "." + is.sign(body)
	f.Add(tok)
	f.Add("v1....")
	f.Add("v1.AAAAAAAAAAAAAAAAAAAAAA.1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
	f.Fuzz(func(t *testing.T, s string) {
		id, err := is.Verify(s)
		if err == nil && s != tok {
			t.Fatalf("Verify(%q) = %q, nil; want only the minted token accepted", s, id)
		}
		if err != nil && !errors.Is(err, ErrInvalid) {
			t.Fatalf("Verify(%q) error = %v; want ErrInvalid", s, err)
		}
	})
}
