package jsfacts

import "github.com/mikiwame/mikiwame/internal/market"

// levelColours are the badge's, the popup's and the toolbar's colours per
// level. Amber is #b06000, not the brighter #e37400 the toolbar once used,
// for contrast: 4.6:1 under the toolbar badge's white text and 4.3:1 as
// text on the card's #fef7e0, against 3.1:1 and 2.9:1. Grey is #5f6368
// rather than #80868b for the same reason (6.1:1 against 3.7:1 on white).
var levelColours = []struct {
	level             market.Level
	color, background string
}{
	{market.LevelOK, "#1e8e3e", "#e6f4ea"},
	{market.LevelCaution, "#b06000", "#fef7e0"},
	{market.LevelDanger, "#d93025", "#fce8e6"},
	{market.LevelUnknown, "#5f6368", "#f1f3f4"},
}

// storageKeys are the names and prefixes of what the extension keeps in
// chrome.storage. The content script reads two of them itself, so they
// live here rather than in a module it cannot import.
var storageKeys = []struct{ name, key string }{
	{"settings", "settings"},               // local: the shopper's settings
	{"twoStep", "twoStep"},                 // local: 2-step verification state per marketplace
	{"lastMarketplace", "lastMarketplace"}, // local: the marketplace of the last check
	{"ui", "ui:"},                          // local: ui:<lang>, the "checking" line before the first answer
	{"tab", "tab:"},                        // session: tab:<id>, the tab's verdict for the popup
	{"sellerCache", "seller"},              // local: seller pages, by marketplace:sellerId
	{"apiCache", "api"},                    // local: API answers, by baseline or reputation key
	{"observedCache", "observed"},          // local: prices sent, by marketplace:asin:day
	{"reportedCache", "reported"},          // local: sellers reported, by marketplace:sellerId
	{"baseline", "b:"},                     // in the API cache: b:<marketplace>:<asin>
	{"reputation", "r:"},                   // in the API cache: r:<marketplace>:<sellerId>
}
