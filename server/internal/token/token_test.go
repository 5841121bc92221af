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

func TestWork(t *testing.T) {
	now := t0
	clock := func() time.Time { return now }
	w := NewWork([]byte("0123456789abcdef"), 8, 5*time.Minute, clock)
	ch, exp := w.Challenge()
	if !exp.Equal(t0.Add(5 * time.Minute)) {
		t.Errorf("Challenge expires %v; want %v", exp, t0.Add(5*time.Minute))
	}
	nonce := Solve(ch, 8)
	id, _, err := w.Verify(ch, nonce)
	if err != nil || len(id) != idLen {
		t.Fatalf("Verify(solved) = %q, %v; want a %d-char id, nil", id, err, idLen)
	}
	wrong := "0"
	for LeadingZeroBits(ch, wrong) >= 8 {
		wrong += "1"
	}
	harder := NewWork([]byte("0123456789abcdef"), 9, 5*time.Minute, clock)
	foreign, _ := NewWork([]byte("another secret!!"), 8, 5*time.Minute, clock).Challenge()
	easy, _ := NewWork([]byte("0123456789abcdef"), 2, 5*time.Minute, clock).Challenge()
	tests := []struct {
		name             string
		w                *Work
		challenge, nonce string
	}{
		{"unsolved", w, ch, wrong},
		{"empty nonce", w, ch, ""},
		{"nonce not digits", w, ch, nonce + "x"},
		{"nonce too long", w, ch, strings.Repeat("1", 21)},
		{"foreign challenge", w, foreign, Solve(foreign, 8)},
		{"easier than now", w, easy, Solve(easy, 8)},
		{"difficulty raised", harder, ch, nonce},
		{"tampered difficulty", w, strings.Replace(ch, ".8.", ".0.", 1), nonce},
		{"garbage", w, "w1.x.y", "1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, err := tt.w.Verify(tt.challenge, tt.nonce); !errors.Is(err, ErrWork) {
				t.Errorf("Verify(%s) = %v; want ErrWork", tt.name, err)
			}
		})
	}
	now = t0.Add(5 * time.Minute)
	if _, _, err := w.Verify(ch, nonce); !errors.Is(err, ErrWork) {
		t.Errorf("Verify(expired) = %v; want ErrWork", err)
	}
}

func TestVerifyIssued(t *testing.T) {
	is := NewIssuer([]byte("0123456789abcdef"), 24*time.Hour, fixed(t0))
	id, tok := is.Mint()
	got, at, err := is.VerifyIssued(tok)
	if err != nil || got != id || !at.Equal(t0) {
		t.Fatalf("VerifyIssued = %q, %v, %v; want %q, %v, nil", got, at, err, id, t0)
	}
}

func BenchmarkVerifyWork(b *testing.B) {
	w := NewWork([]byte("0123456789abcdef"), 12, 5*time.Minute, nil)
	ch, _ := w.Challenge()
	nonce := Solve(ch, 12)
	for b.Loop() {
		if _, _, err := w.Verify(ch, nonce); err != nil {
			b.Fatal(err)
		}
	}
}
