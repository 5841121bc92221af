// Package market holds the domain types every part of Mikiwame shares: the
// listing read off an Amazon page, the seller behind it, the crowd baseline
// and reports from the API, and the verdict. Their JSON tags (camelCase) are
// the wire contract between the wasm checker, the extension and the server,
// so a field renamed here is a breaking change everywhere.
//
// Money is always an integer in the currency's minor unit (yen for JPY,
// cents for USD/EUR/CAD, pence for GBP), so no float rounding ever reaches a
// price comparison.
package market
