package market

// Languages are the interface languages Mikiwame has sentences in, one
// catalogue each under extension/_locales.
func Languages() []string { return []string{"ja", "en"} }

// FallbackLanguage is what a shopper gets when nothing says otherwise: the
// extension's default_locale.
const FallbackLanguage = "en"
