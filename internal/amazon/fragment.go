package amazon

// FragmentSelectors are the CSS selectors whose outerHTML the extension's
// content script sends instead of the whole 1.5 MB page: buy-box layouts,
// price block, list price, delivery, title, ASIN inputs, the all-offers
// panel, and the markers of captcha / 404 / error pages. The content script
// takes every element matching any of them, in document order, skipping an
// element that lies inside one already taken, and wraps them as
//
//	<html><head><title>{document.title}</title></head><body>{outerHTML…}</body></html>
//
// Product gives the same Listing for that fragment as for the whole page.
var FragmentSelectors = []string{
	// Identity.
	`link[rel="canonical"]`,
	`meta[property="og:url"]`,
	`#productTitle`,
	`input#ASIN`,
	`input[name="ASIN"]`,
	// Buy box, every layout, and the add-to-cart form's merchant.
	`#desktop_buybox`,
	`#buybox`,
	`#desktop_qualifiedBuyBox`,
	`#tabular-buybox`,
	`#merchant-info`,
	`#merchantInfoFeature_feature_div`,
	`#fulfillerInfoFeature_feature_div`,
	`[offer-display-feature-name]`,
	`input#merchantID`,
	`#sellerProfileTriggerId`,
	// Price block, list price, delivery, availability.
	`#price`,
	`#corePrice_feature_div`,
	`#corePriceDisplay_desktop_feature_div`,
	`#apex_desktop`,
	`#availability`,
	`#deliveryBlockMessage`,
	`#ddmDeliveryMessage`,
	`#delivery-message`,
	`#olp_feature_div`,
	// The all-offers panel, when open.
	`#all-offers-display`,
	`#aod-container`,
	// Pages that are not the product: robot check, 404, error.
	`form[action*="validateCaptcha"]`,
	`#captchacharacters`,
	`input[name="amzn-captcha-verify"]`,
	`a[href*="cs_404"]`,
	`img[alt*="Dogs of Amazon"]`,
	`img[src*="/error-pages/404"]`,
	`a[href*="cs_503"]`,
	`img[alt*="Something went wrong"]`,
}
