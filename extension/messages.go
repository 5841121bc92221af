// Package extension embeds the extension's message catalogues so that the
// CLI and the wasm checker word their sentences exactly as the extension
// does: _locales/*/messages.json is the one source of truth.
package extension

import _ "embed"

// MessagesJA and MessagesEN are the Chrome-format catalogues
// (_locales/{ja,en}/messages.json) as the extension ships them.
var (
	//go:embed _locales/ja/messages.json
	MessagesJA []byte
	//go:embed _locales/en/messages.json
	MessagesEN []byte
)
