package score

// Impersonation (issue 12): a third party whose name claims to be Amazon
// ("Amazon Japan Store", 「アマゾン公式」, "AMAZ0N-JP") or a brand's
// official store that it is not. Amazon's own seller IDs are facts
// (market.IsAmazonSellerID), so a claim to be Amazon under another ID is
// false. A brand's own seller IDs are not known to us: a name that
// claims the very brand the listing is of ("GGIENRUI Official Store"
// selling GGIENRUI, "Anker Direct") is what a brand's store looks like,
// and its record is judged by the rating rules like anyone's. What is
// flagged is a claim to a brand other than the listing's ("Sony
// Official Shop" selling a no-name charger), and a name that reaches a
// brand or Amazon only through look-alike letters ("Sоny" with a
// Cyrillic о). Names are compared by their Unicode confusable skeleton
// (internal/textnorm), so "Аmazon" and "ＡＭＡＺＯＮ" read as "amazon".

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/mikiwame/mikiwame/internal/market"
	"github.com/mikiwame/mikiwame/internal/textnorm"
)

// impersonationRule needs the seller ID: without it a claim cannot be
// told from Amazon itself.
func (t Thresholds) impersonationRule(j *judgement, s sellerFacts, l market.Listing) {
	if s.id == "" || market.IsAmazonSellerID(s.id) || s.name == "" {
		return
	}
	if claims := impersonates(s.name, l.Brand); claims != "" {
		j.add(reason(Impersonation, market.SeverityHigh, t.PointsImpersonation, "claims", claims))
	}
}

// amazonNames are Amazon's name in the scripts a shopper sees it in.
var amazonNames = []string{"アマゾン", "亚马逊", "亞馬遜"}

// amazonSkeleton matches the skeleton ("amazon" reads "amazon", i and l
// are one letter) of a word that is Amazon's name, alone or joined to a
// marketplace or shop word ("amazonjp", "amazon.co.jp", "amazonofficial"),
// but not a word that merely begins with it (Amazonas, Amazonia).
var amazonSkeleton = regexp.MustCompile(`(^|[^a-z0-9])(the)?amazon(jp|japan|us|usa|uk|de|eu|fr|es|lt|ca|global|offlclal|store|shop|dlrect|outlet|deals|seller|sales|retall|co|com)*([^a-z0-9]|$)`)

// officialWords say "this is the brand's own store".
var officialWords = regexp.MustCompile(`(?i)\b(official|offizieller?|officiel(le)?|oficial|ufficiale|authori[sz]ed|autoris[ée]e?|autorizzat[oa]|autorizad[oa]|flagship)\b|公式|正規|直営|旗舰|官方`)

// brandAliases are a few brands' names in Japanese script, so that
// 「ソニー公式ストア」 compares with a listing of brand "Sony".
var brandAliases = map[string]string{
	"ソニー": "sony", "アップル": "apple", "パナソニック": "panasonic", "キヤノン": "canon",
	"キャノン": "canon", "ニコン": "nikon", "任天堂": "nintendo", "サムスン": "samsung",
	"マイクロソフト": "microsoft", "ナイキ": "nike", "アディダス": "adidas", "ダイソン": "dyson",
	"アンカー": "anker", "シャープ": "sharp", "東芝": "toshiba", "日立": "hitachi",
	"富士フイルム": "fujifilm", "資生堂": "shiseido", "ルイヴィトン": "louisvuitton", "シャネル": "chanel",
	"グッチ": "gucci", "ロレックス": "rolex", "レゴ": "lego", "ポケモン": "pokemon",
}

// genericWords surround a brand in a shop name without being one.
var genericWords = map[string]bool{
	"store": true, "shop": true, "online": true, "direct": true, "the": true, "jp": true, "japan": true,
	"us": true, "uk": true, "de": true, "eu": true, "global": true, "outlet": true, "reseller": true,
	"dealer": true, "seller": true, "retailer": true, "partner": true, "distributor": true, "by": true,
	"ストア": true, "ショップ": true, "店": true, "販売": true, "販売店": true, "代理店": true, "直販": true,
	"shop:": true, "boutique": true, "tienda": true, "negozio": true, "laden": true, "-": true,
}

// amazonEntity is the plain name of one of Amazon's own selling
// entities. Amazon does not let a third party use its name, so such a
// name over an ID we do not know is more likely an Amazon entity we have
// no ID for, or a page read wrongly, than a lie: R7 already refuses it
// Amazon's credit. Look-alike letters, アマゾン and shop words ("Amazon
// Japan Store", "AMAZON-JP") are not Amazon's own names.
var amazonEntity = regexp.MustCompile(`^amazon(\.(com|ca|de|fr|es|it|co\.jp|co\.uk|com\.mx|com\.br|nl|se|pl|com\.tr|com\.be|sg|com\.au|in|ae|sa|eg))?( (warehouse( deals)?|resale|retail|eu|us|uk|export sales|services|japan|digital|media eu))?(,? (s\.?a\.?r\.?l\.?|llc|inc\.?|ltd\.?|g\.?k\.?|gmbh))?$|^アマゾンジャパン\s?合同会社$`)

// impersonates is what name falsely claims to be ("Amazon" or a brand
// name), or "" when it claims nothing it is not.
func impersonates(name, brand string) string {
	folded := textnorm.Fold(name)
	if amazonEntity.MatchString(strings.TrimSpace(folded)) {
		return ""
	}
	skel := textnorm.Skeleton(name)
	if amazonSkeleton.MatchString(skel) {
		return "Amazon"
	}
	for _, a := range amazonNames {
		if strings.Contains(folded, a) {
			return "Amazon"
		}
	}
	brandSkel := letters(textnorm.Skeleton(brand))
	// Look-alike letters that spell the listing's brand: the name reads
	// as the brand only once they are undone.
	if len([]rune(brandSkel)) >= 3 && textnorm.MixedScript(name) && strings.Contains(letters(skel), brandSkel) {
		return strings.TrimSpace(brand)
	}
	claimed := officialBrand(name)
	if claimed == "" || brandSkel == "" {
		return "" // no brand claimed, or the listing's brand unknown: nothing to compare
	}
	c := letters(textnorm.Skeleton(claimed))
	if alias, ok := brandAliases[claimed]; ok {
		c = letters(textnorm.Skeleton(alias))
	}
	if !isLatinish(c) || !isLatinish(brandSkel) {
		if isLatinish(c) == isLatinish(brandSkel) && (strings.Contains(c, brandSkel) || strings.Contains(brandSkel, c)) {
			return ""
		}
		if isLatinish(c) != isLatinish(brandSkel) {
			return "" // different scripts and no known alias: cannot compare
		}
		return claimed
	}
	if strings.Contains(c, brandSkel) || strings.Contains(brandSkel, c) {
		return "" // the brand's own store, or its authorised seller
	}
	return claimed
}

// officialBrand is the brand word next to an "official" word in name:
// the word before it ("Sony Official Shop", 「ソニー公式」) or, if none,
// the word after it ("Official Sony Store").
func officialBrand(name string) string {
	n := textnorm.Fold(name)
	loc := officialWords.FindStringIndex(n)
	if loc == nil {
		return ""
	}
	if w := lastBrandWord(n[:loc[0]]); w != "" {
		return w
	}
	for _, w := range strings.FieldsFunc(n[loc[1]:], isNameSep) {
		if !genericWords[w] && !officialWords.MatchString(w) {
			return w
		}
	}
	return ""
}

func lastBrandWord(s string) string {
	words := strings.FieldsFunc(s, isNameSep)
	for i := len(words) - 1; i >= 0; i-- {
		if !genericWords[words[i]] {
			return words[i]
		}
	}
	return ""
}

func isNameSep(r rune) bool {
	return unicode.IsSpace(r) || strings.ContainsRune("-_|/()[]【】「」・,.:：", r)
}

// letters keeps the letters and digits of s.
func letters(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}

// isLatinish: s has no letter outside ASCII.
func isLatinish(s string) bool {
	for _, r := range s {
		if r >= 0x80 {
			return false
		}
	}
	return true
}
