package score

// Lures, read for meaning (issues 8 and 12): a seller who asks the buyer
// to contact or pay outside Amazon, before or instead of ordering, takes
// the sale out of reach of the A-to-z guarantee. The words alone are not
// the request: a shop saying it never takes payment outside Amazon, a
// published support address (Japanese law asks sellers to publish one),
// "LINE FRIENDS" on a plush toy, or メーカー直販 are not lures. So each
// sentence is read for a channel (where the buyer is sent) and a cue
// that makes it an instruction, and a negation undoes it.

import (
	"regexp"
	"strings"

	"github.com/mikiwame/mikiwame/internal/textnorm"
	"golang.org/x/text/unicode/norm"
)

// lure is what a text does with contact outside Amazon, worst last.
type lure int

const (
	noLure    lure = iota
	published      // publishes an address or number, asks nothing
	request        // asks the buyer to contact or pay outside Amazon
)

var (
	// Channels: where the buyer would be sent.
	reEmail = regexp.MustCompile(`[a-z0-9._%+\-]+\s?(@|\(at\)|\[at\])\s?[a-z0-9\-]+(\.[a-z0-9\-]+)*\.[a-z]{2,}`)
	reURL   = regexp.MustCompile(`(https?://|www\.)[^\s、。]+|\b[a-z0-9\-]+\.(com|net|org|shop|store|top|xyz|cn|jp|de|fr|es|it|uk|ca)\b`)
	rePhone = regexp.MustCompile(`\+?\d[\d\- ()]{8,}\d`)
	// Messaging apps. "line" in lower case is a product line or online:
	// LINE counts in capitals, or followed by an ID or a contact word.
	reMessenger = regexp.MustCompile(`\b(whats\s?app|wechat|weixin|telegram|kakao\s?talk|viber|skype|wa\.me|t\.me)\b|微信|ワッツアップ|テレグラム|カカオトーク|ライン|\bqq\s*[:：号]?\s*\d{5,}|\bline\s*(id|@|公式|で|にて|から|追加|友だち|友達|まで)`)
	reLINECaps  = regexp.MustCompile(`\bLINE\b`)
	// Paying outside Amazon: never how an Amazon order is paid. The
	// Japanese words are instructions in themselves (振込先, 前払い); the
	// names of payment services need a word about paying, since a title
	// may sell a "PayPal card reader stand".
	rePayJA      = regexp.MustCompile(`振込|振り込み|口座番号|指定口座|送金|ペイパル|ウエスタンユニオン|前払い|先払い`)
	rePayService = regexp.MustCompile(`bank\s+transfer|wire\s+transfer|western\s+union|money\s?gram|paypal|venmo|zelle|cash\s?app|bitcoin|usdt|crypto|virement|überweisung|bonifico|transferencia\s+bancaria|ビットコイン`)
	rePayWord    = regexp.MustCompile(`\bpay\b|\bpaying\b|payment|accept|send|prefer|refund|zahl|paiement|payez|pago|pagamento|支払|決済|返金`)
	// A deal made directly with the seller, not "direct from the maker".
	reDirectDeal = regexp.MustCompile(`直接取引|直接お取引|直接のお取引|直接ご購入|直接購入|直接ご注文|直接注文|order\s+directly|buy\s+directly\s+from\s+(us|our)|deal\s+directly|purchase\s+directly\s+from\s+(us|our)|direkt\s+bei\s+uns\s+bestellen|directement\s+chez\s+nous|directamente\s+con\s+nosotros|direttamente\s+da\s+noi`)
	// Another shop of the seller's.
	reOwnShop  = regexp.MustCompile(`\bour\s+(own\s+)?(website|web\s?site|site|online\s+(shop|store)|web\s?shop|store\s+website)|自社サイト|自社ホームページ|当店(の)?(ウェブサイト|サイト|ネットショップ|通販サイト)|ウェブサイト|webサイト|自社ショップ|自社通販|公式サイト|公式ホームページ|公式オンラインショップ|公式通販|ホームページ|楽天(市場)?店?|yahoo!?\s?ショッピング|ヤフーショッピング|メルカリ|ebay|shopify|notre\s+(site|boutique\s+en\s+ligne)|unsere[mn]?\s+(website|webseite|online-?shop|shop)|nuestra\s+(web|página|tienda\s+online)|nostro\s+(sito|negozio\s+online)`)
	reMailWord = regexp.MustCompile(`\be-?mail\b|メール|mail\s+us|\bemail\s+us`)

	// Cues that make a channel an instruction.
	reContactVerb = regexp.MustCompile(`contact|message\s+(us|me)|text\s+(us|me)|write\s+(to|us)|reach\s+(us|me)|add\s+(us|me)|chat\s+with|dm\s+(us|me)|call\s+(us|me)|send\s+(us|me)|問い?合わせ|連絡|追加|友だち|友達|登録|メッセージを|質問|相談|questions?|inquir|受け?付け|承り|承って|送って|ください|下さい|お願い|どうぞ|kontakt|schreiben\s+sie|contactez|écrivez|contacta|escríbenos|contatta|scrivici`)
	reIncentive   = regexp.MustCompile(`discount|cheaper|lower\s+price|better\s+price|best\s+price|special\s+(price|offer)|\d+\s?%\s?(off|オフ)|coupon|free\s+shipping|faster\s+(service|response|reply|shipping)|for\s+(a\s+)?(faster|quicker|better|cheaper)|割引|値引|安く|安い|お安|最安|特価|お得|クーポン|還元|送料無料|交渉|rabatt|günstiger|moins\s+cher|réduction|remise|descuento|más\s+barato|sconto|più\s+economico`)
	reBeforeOrder = regexp.MustCompile(`before\s+(you\s+)?(order|buy|purchas|placing)|prior\s+to\s+(order|purchas)|instead\s+of\s+(order|buy)|to\s+(place\s+an\s+)?order|for\s+orders|order\s+(by|via|through)|注文(確定)?前|購入(手続き)?前|ご注文は|注文は|ご購入は|購入は|お支払いは|支払いは|ご入金|入金|vor\s+(der|ihrer)\s+bestellung|avant\s+(de\s+commander|toute\s+commande)|antes\s+de\s+(comprar|pedir|realizar)|prima\s+di\s+(ordinare|acquistare)`)
	reOutsideAmzn = regexp.MustCompile(`outside\s+(of\s+)?amazon|off\s+amazon|not\s+(through|via)\s+amazon|without\s+amazon|amazon\s*以外|アマゾン以外|amazonを(通さ|介さ)|amazon外|außerhalb\s+von\s+amazon|en\s+dehors\s+d'amazon|hors\s+amazon|fuera\s+de\s+amazon|al\s+di\s+fuori\s+di\s+amazon`)
	// Bulk and business buyers: a shop asking them to write about a large
	// order is not sending this shopper's purchase outside Amazon.
	reBulk      = regexp.MustCompile(`大口|まとめ買い|法人(様|の)|卸|業者様|\bbulk\b|wholesale|large\s+orders?|orders?\s+of\s+\d+\s+or\s+more|\d+\s*(個|冊|点|枚|台|pcs|units|pieces)\s*以上|b2b|großbestellung|großhandel|commandes?\s+en\s+gros|\ben\s+gros\b|al\s+por\s+mayor|pedidos\s+grandes|all'ingrosso`)
	rePayOrDeal = regexp.MustCompile(`pay|payment|deal|order|purchase|buy|支払|決済|取引|注文|購入|zahl|bestell|paie|command|pag|pedido|compra|ordin|acquist`)

	// Negation undoes the sentence: "we do not accept payment outside
	// Amazon", 「Amazon以外でのお支払いはお受けしておりません」. A condition
	// ("if you do not receive…", 届かない場合) is not a negation of the ask.
	// "not available on Amazon" speaks of the goods, not of the ask.
	reNotAvail = regexp.MustCompile(`\bnot\s+(available|sold|found|listed|offered)\b`)
	reNegEU    = regexp.MustCompile(`\b(not|never|no|don't|won't|cannot|can't|nicht|keine?|niemals|nie|ne|n'|jamais|aucun|nunca|jamás|non|mai)\b|prohibited|forbidden|interdit|verboten|vietato|prohibido`)
	reCondEU   = regexp.MustCompile(`\b(if|when|unless|in\s+case|wenn|falls|si|se|cuando|quand)\b`)
	reNegJA    = regexp.MustCompile(`ません|ない|禁止|お断り|かねます|ご遠慮|ご注意`)
	reNegJACo  = regexp.MustCompile(`ない(場合|時|とき|際|方)`)
)

// sentences splits a text where a Japanese or Western sentence ends;
// a dot inside an address or a number does not end one.
var reSentenceEnd = regexp.MustCompile(`[。！？!?\n]+|\.\s+|\.$`)

// readLure is the worst thing any sentence of text does.
func readLure(text string) lure {
	worst := noLure
	for _, s := range reSentenceEnd.Split(text, -1) {
		worst = max(worst, readSentence(s))
	}
	return worst
}

func readSentence(raw string) lure {
	if strings.TrimSpace(raw) == "" {
		return noLure
	}
	s := textnorm.Fold(raw)
	caps := norm.NFKC.String(raw)
	email, url, phone := reEmail.FindStringIndex(s), ownURL(s), rePhone.FindStringIndex(s)
	messenger := reMessenger.FindStringIndex(s)
	if messenger == nil {
		messenger = reLINECaps.FindStringIndex(caps)
		if messenger != nil {
			messenger = []int{0, 0} // position unknown after folding: from the start
		}
	}
	pay := rePayJA.FindStringIndex(s)
	if svc := rePayService.FindStringIndex(s); pay == nil && svc != nil && rePayWord.MatchString(s) {
		pay = svc
	}
	direct, shop, mail := reDirectDeal.FindStringIndex(s), reOwnShop.FindStringIndex(s), reMailWord.FindStringIndex(s)
	outside := reOutsideAmzn.FindStringIndex(s)

	first := -1
	for _, m := range [][]int{email, url, phone, messenger, pay, direct, shop, mail, outside} {
		if m != nil && (first < 0 || m[0] < first) {
			first = m[0]
		}
	}
	if first < 0 {
		return noLure
	}
	if negated(s, first) {
		return noLure
	}
	contact := reContactVerb.MatchString(s)
	incentive := reIncentive.MatchString(s)
	before := reBeforeOrder.MatchString(s)
	handle := messenger != nil && reHandle.MatchString(s[messenger[1]:])
	address := email != nil || url != nil || phone != nil

	switch {
	case pay != nil, direct != nil:
		return request
	case outside != nil && rePayOrDeal.MatchString(s):
		return request
	case messenger != nil && (contact || handle || incentive || before):
		return request
	case (shop != nil || address || mail != nil) && before && !incentive && outside == nil && reBulk.MatchString(s):
		return published // a bulk-order desk, with no price lure
	case (shop != nil || address || mail != nil) && (incentive || before || outside != nil):
		return request
	case address:
		return published
	}
	return noLure
}

// reHandle is an ID after a messenger's name: "ID: deals88", "@shop",
// "+86 138…".
var reHandle = regexp.MustCompile(`^\s*(id)?\s*[:@]\s*\S|^\s*id\s+\S|^\s*[:(]?\s*\+?\d[\d\s\-]{5,}|^\s*[a-z0-9_]{4,}\d`)

// ownURL finds a web address that is not Amazon's own.
func ownURL(s string) []int {
	for _, m := range reURL.FindAllStringIndex(s, -1) {
		if u := s[m[0]:m[1]]; !strings.Contains(u, "amazon.") && !strings.Contains(u, "amzn.") {
			return m
		}
	}
	return nil
}

// negated reports a negation in s that governs the channel at first:
// in Japanese the verb, and so the negation, comes after it; in the
// European languages before it or after it, unless it sits in a
// condition ("if you do not receive it, …").
func negated(s string, first int) bool {
	if reNegJA.MatchString(reNegJACo.ReplaceAllString(s[first:], "")) {
		return true
	}
	s = reNotAvail.ReplaceAllString(s, "")
	loc := reNegEU.FindStringIndex(s)
	if loc == nil {
		return false
	}
	if c := reCondEU.FindStringIndex(s); c != nil && c[0] < loc[0] {
		return false
	}
	return true
}
