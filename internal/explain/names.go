package explain

import "strings"

// The few words a sentence takes from a parameter by name rather than
// printing it as it is: country codes (ADDRESS_OVERSEAS), the parts of a
// seller profile (PROFILE_PART_NOT_READ) and flags such as LONG_DELIVERY's
// "about". One table, both languages; a value not listed prints as given.
var names = map[string]map[string][2]string{ // param → value → {ja, en}
	"country": {
		"CN": {"中国", "China"}, "HK": {"香港", "Hong Kong"}, "TW": {"台湾", "Taiwan"},
		"KR": {"韓国", "South Korea"}, "JP": {"日本", "Japan"}, "US": {"アメリカ", "the United States"},
		"GB": {"イギリス", "the United Kingdom"}, "DE": {"ドイツ", "Germany"}, "FR": {"フランス", "France"},
		"ES": {"スペイン", "Spain"}, "IT": {"イタリア", "Italy"}, "CA": {"カナダ", "Canada"},
		"VN": {"ベトナム", "Vietnam"}, "TH": {"タイ", "Thailand"}, "SG": {"シンガポール", "Singapore"},
		"IN": {"インド", "India"}, "MY": {"マレーシア", "Malaysia"}, "PL": {"ポーランド", "Poland"},
		"NL": {"オランダ", "the Netherlands"}, "TR": {"トルコ", "Türkiye"},
	},
	"part": {
		"ratings": {"評価", "ratings"},
		"address": {"住所", "address"},
		"about":   {"出品者の紹介文", "about-the-seller text"},
	},
	// A true flag prints its word, a false one nothing.
	"about": {"true": {"約", "about "}, "false": {"", ""}},
}

// named is the word for parameter name's value v in lang, if the table
// has one.
func named(lang, name string, v any) (string, bool) {
	table, ok := names[name]
	if !ok {
		return "", false
	}
	var key string
	switch x := v.(type) {
	case string:
		key = strings.ToUpper(strings.TrimSpace(x))
		if name != "country" {
			key = strings.ToLower(strings.TrimSpace(x))
		}
	case bool:
		key = "false"
		if x {
			key = "true"
		}
	default:
		return "", false
	}
	w, ok := table[key]
	if !ok {
		return "", false
	}
	if lang == "ja" {
		return w[0], true
	}
	return w[1], true
}
