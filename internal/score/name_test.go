package score

import "testing"

func TestSloppyName(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		// Real seller names from the fixtures and the article's market.
		{"Goldstone-Books", false},
		{"uxcell", false},
		{"Direct ChangM", false},
		{"Weisser Berg", false},
		{"Ascot City", false},
		{"Amazon.co.jp", false},
		{"Anker Direct", false},
		{"サンワダイレクト", false},
		{"株式会社ABC商事", false},
		{"深圳市华强电子有限公司", false},
		// Borderline: a word plus a number is a common way to make a shop
		// name unique, so one letter/digit switch is not enough.
		{"Oasis1270", false},
		{"Shop24", false},
		{"Sony", false},
		{"BOOKOFF", false},
		{"TSUTAYA", false},
		{"ヨドバシカメラ", false},
		{"Rakuten Books", false},
		{"eBookJapan", false},
		{"iHerb", false},
		{"AUKEY Direct", false},
		{"UGREEN Group Limited", false},
		{"Schmidt & Söhne GmbH", false},
		{"Müller Handels GmbH", false},
		{"TP-Link", false},
		{"B&H Photo", false},
		{"JBL", false},
		{"Deutschland Shop", false},
		{"Mississippi Traders", false},
		{"Strengths Ltd", false},
		{"amazonbasics", false},
		{"Schwarzkopf", false},
		{"PlayStation Store", false},
		{"Lynx Gym", false},
		{"Entertainment Depot", false},
		{"Xiaomi", false},
		{"ZhangWei", false},
		{"guangzhou", false},
		{"TOKYO CAMERA", false},
		{"", false},

		// Romanised Chinese company names: cross-border, not careless.
		{"XIAOYANSHANGMAO", false},
		{"ShenZhenShiLongGangQuXinYuDianZi", false},
		{"Kunststoffwerk Müller", false},
		{"Angstschweiß Records", false},
		{"Kinderträume", false},
		{"3M", false},
		{"XYZ123 Store", false},
		{"BestDealBooks2017", false},
		{"Vázquez", false},
		{"hjkdsfg", true},
		{"QWERTYshop123", true},
		{"asdfghjk", true},
		{"XxYyZzQq", true},
		{"BNMVCXZ store", true},
		{"zxcvbnm", true},
		{"a1b2c3d4", true},
		{"sdfgsdfg", true},
		{"lkjhgf", true},
		{"QWEASD", true},
		{"Qazwsx", true},
		{"HJK8832LL", true},
		{"Yoqzuvex", true},
		{"Аmazon", true}, // Cyrillic А
		{"PpOoIiUu", true},
		{"dfghdfgh shop", true},
		{"shoppppp", true},
		{"xkcdqrst", true},
		{"KTXDC", true},
		{"株式会社qwerty", true}, // kanji around it does not hide a mash
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SloppyName(tt.name); got != tt.want {
				t.Errorf("SloppyName(%q) = %v (score %.2f); want %v", tt.name, got, Default.Name.score(tt.name), tt.want)
			}
		})
	}
}

func TestNameFeatures(t *testing.T) {
	tests := []struct {
		name string
		f    func(string) int
		in   string
		want int
	}{
		{"keyboard run qwerty", func(s string) int { return keyboardRun([]rune(s)) }, "qwerty", 6},
		{"keyboard run reversed", func(s string) int { return keyboardRun([]rune(s)) }, "vcxz", 4},
		{"keyboard run word", func(s string) int { return keyboardRun([]rune(s)) }, "street", 3},
		{"case islands", func(s string) int { return caseIslands([]rune(s)) }, "XxYyZz", 4},
		{"case islands camel", func(s string) int { return caseIslands([]rune(s)) }, "BestDealBooks", 2},
		{"keyboard run no return", func(s string) int { return keyboardRun([]rune(s)) }, "dertr", 3},
		{"consonant sounds", func(s string) int { return consonantRun([]rune(s)) }, "angstschweiss", 5},
		{"rare bigrams", func(s string) int { return rareBigrams([]rune(s)) }, "kixowaqz", 1},
		{"rare bigrams zwei", func(s string) int { return rareBigrams([]rune(s)) }, "zwei", 0},
		{"digit switches", func(s string) int { return digitSwitches([]rune(s)) }, "a1b2", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.f(tt.in); got != tt.want {
				t.Errorf("%s(%q) = %d; want %d", tt.name, tt.in, got, tt.want)
			}
		})
	}
	for _, s := range []string{"xiaoyanshangmao", "shenzhenhuaqiang"} {
		if got := pinyin(s); got < Default.Name.PinyinSyllables {
			t.Errorf("pinyin(%q) = %d; want at least %d", s, got, Default.Name.PinyinSyllables)
		}
	}
	for _, s := range []string{"entertainment", "electronics", "xiao"} {
		if got := pinyin(s); got >= Default.Name.PinyinSyllables {
			t.Errorf("pinyin(%q) = %d; want fewer than %d", s, got, Default.Name.PinyinSyllables)
		}
	}
}

func TestPinyinName(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"XIAOYANSHANGMAO", true},
		{"ZhouKouHuiLingShangMaoYouXianGongSi", true},
		{"shenzhenshihuaqiangdianzi Co.,Ltd", true},
		{"Shenzhen Chuanzheng Technology", false}, // spaced: short words
		{"Entertainment Depot", false},
		{"Xiaomi", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := Default.Name.pinyinName(tt.name); got != tt.want {
			t.Errorf("pinyinName(%q) = %v; want %v", tt.name, got, tt.want)
		}
	}
}

func BenchmarkSloppyName(b *testing.B) {
	names := []string{"Goldstone-Books", "XIAOYANSHANGMAO", "株式会社ABC商事", "QWERTYshop123", "Anker Direct"}
	for i := 0; b.Loop(); i++ {
		SloppyName(names[i%len(names)])
	}
}

// FuzzSloppyName: seller names are written by possible fraudsters; any
// string must give a finite, non-negative score without panicking.
func FuzzSloppyName(f *testing.F) {
	for _, s := range []string{"Goldstone-Books", "XIAOYANSHANGMAO", "株式会社ABC商事", "a1b2", "\xff\xfe", "Аmazon", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if s := Default.Name.score(name); s < 0 || s != s {
			t.Errorf("NameModel.score(%q) = %v; want a non-negative number", name, s)
		}
	})
}
