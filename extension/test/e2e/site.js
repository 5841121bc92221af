// The fake Amazon the end-to-end tests browse: which page answers which URL
// on www.amazon.co.jp and www.amazon.com. Pages are small hand-made
// templates in fixtures/ (filled here, HTML-escaped like Amazon does) plus a
// few real pages from the shared corpus, read by path.

import fs from 'node:fs';
import path from 'node:path';
import { fixturesDir, sharedFixtures } from './harness.js';

export const JP = 'www.amazon.co.jp';
export const US = 'www.amazon.com';
export const AMAZON_JP_ID = 'AN1VRQENFRJN5';

// Names written by would-be attackers: they must show up as text and never
// run. The last one is 5 KB.
export const hostileNames = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=1</script>',
  '"><svg onload="window.__pwned=1">',
  '\u202Emoc.nozama\u202C 公式ストア',
  ('長い店名<i onmouseover="window.__pwned=1">x</i>').repeat(128).slice(0, 5120),
];

// Sellers on amazon.co.jp, by ID.
export const sellers = {
  // A dormant account, likely hijacked: 300 ratings in its life, none in the
  // last 12 months, address in China.
  A1MKWDORMANT01: {
    name: 'さくら雑貨店',
    positive: 97,
    lifetime: 300, months12: 0, days90: 0, days30: 0,
    businessName: 'Shenzhen Qianhai Sakura Trading Co., Ltd.',
    phone: '+86 755 0000 0000',
    address: ['南山区粤海街道', '科技园路1号', '深圳市', '广东省', '518000', 'CN'],
    manager: 'Li Wei',
    about: '',
    listings: '1,000以上の結果のうち1-16件',
  },
  A2MKWESTABLSH1: {
    name: 'モバイル専門店ヨシダ',
    positive: 98,
    lifetime: 2431, months12: 412, days90: 96, days30: 31,
    businessName: '株式会社ヨシダモバイル',
    phone: '03-0000-0000',
    address: ['神田1-2-3', '千代田区', '東京都', '1010047', 'JP'],
    manager: '吉田 太郎',
    about: '東京の携帯電話専門店です。',
    listings: '152件の結果のうち1-16件',
  },
};
// A used-book shop with a long record, selling the used buy box below.
sellers.A3MKWUSEDBK01 = {
  name: '古書みどり堂',
  positive: 99,
  lifetime: 3812, months12: 640, days90: 171, days30: 58,
  businessName: '有限会社みどり堂書店',
  phone: '075-000-0000',
  address: ['寺町通三条上る', '中京区', '京都市', '京都府', '6040000', 'JP'],
  manager: '緑川 一郎',
  about: '京都の古書店です。',
  listings: '8,000以上の結果のうち1-16件',
};
// Two more dormant accounts like the first, for tests that need a seller
// no earlier test cached: one whose profile answers slowly, one whose
// profile Amazon answers with a robot check.
sellers.A1MKWSLOWSELL1 = { ...sellers.A1MKWDORMANT01, name: 'みどり商会' };
sellers.A1MKWBLOCKED01 = { ...sellers.A1MKWDORMANT01, name: 'ひかり商店' };
// A seller whose profile Amazon answers with its "page not found" (404).
sellers.A1MKWGONESEL1 = { ...sellers.A1MKWDORMANT01, name: 'そら商事' };

// Milliseconds the seller profile of a seller ID takes to answer; tests set it.
export const profileDelay = {};
export const captchaProfiles = new Set(['A1MKWBLOCKED01']);
export const missingProfiles = new Set(['A1MKWGONESEL1']);

hostileNames.forEach((name, i) => {
  sellers[`A1MKWXSS0000${i + 1}`] = {
    name,
    positive: 96,
    lifetime: 1520, months12: 240, days90: 61, days30: 20,
    businessName: name,
    phone: '06-0000-0000',
    address: ['梅田1-1-1', '大阪市北区', '大阪府', '5300001', 'JP'],
    manager: '山田 花子',
    about: '',
    listings: '320件の結果のうち1-16件',
  };
});

// Products on amazon.co.jp, by ASIN.
export const products = {
  // The 2017 wave: a ¥40,800 phone at ¥2,100 from a dormant overseas
  // account, shipped by the seller weeks away.
  B0MKWHJK01: {
    title: 'スマートフォン 128GB SIMフリー ブラック',
    price: 2100, listPrice: 40800, sellerId: 'A1MKWDORMANT01', ship: 'merchant', deliveryDays: [24, 45],
  },
  // Same dormant seller, another product: the second visit must reuse the
  // cached seller profile.
  B0MKWHJK02: {
    title: 'ノートパソコン 15.6インチ 16GB',
    price: 3980, listPrice: 89800, sellerId: 'A1MKWDORMANT01', ship: 'merchant', deliveryDays: [24, 45],
  },
  B0MKWSLOW1: {
    title: 'タブレット 10インチ 64GB',
    price: 2100, listPrice: 40800, sellerId: 'A1MKWSLOWSELL1', ship: 'merchant', deliveryDays: [24, 45],
  },
  B0MKWBLCK1: {
    title: 'デジタルカメラ 2400万画素',
    price: 2100, listPrice: 40800, sellerId: 'A1MKWBLOCKED01', ship: 'merchant', deliveryDays: [24, 45],
  },
  B0MKWGONE1: {
    title: 'スマートウォッチ 防水',
    price: 2100, listPrice: 40800, sellerId: 'A1MKWGONESEL1', ship: 'merchant', deliveryDays: [24, 45],
  },
  // No featured offer: three sellers in the all-offers panel, none looked
  // up, judged from the rating lines the panel prints (jp_aod_ratings.html).
  B0MKWNOFEA: {
    title: 'ポータブル電源 500Wh', layout: 'noFeatured', offerCount: 3, lowest: 29800,
    panel: { establishedPrice: 34800, newPrice: 29800, fewPrice: 32000 },
  },
  // Only a used offer is featured, from an established used-book shop.
  B0MKWUSED1: {
    title: 'Go言語プログラミング入門 第2版', layout: 'used', price: 1200, shipping: 350, sellerId: 'A3MKWUSEDBK01', offerCount: 4,
  },
  B0MKWAMZN1: {
    title: 'ワイヤレスイヤホン ノイズキャンセリング',
    price: 12800, listPrice: 14800, sellerId: AMAZON_JP_ID, ship: 'amazon', deliveryDays: [1, 2],
  },
};
hostileNames.forEach((_, i) => {
  products[`B0MKWXSS0${i + 1}`] = {
    title: `USBケーブル 1m タイプC（${i + 1}）`,
    price: 980, listPrice: 1280, sellerId: `A1MKWXSS0000${i + 1}`, ship: 'fba', deliveryDays: [1, 3],
  };
});

export const jpProductURL = (asin) => `https://${JP}/dp/${asin}`;
export const usCaptchaURL = `https://${US}/dp/B0MKWCAPTC`;
// Real amazon.co.jp pages: "page not found" (served as a 404) and a product
// nobody sells right now.
export const jpNotFoundURL = `https://${JP}/dp/B0MKWNOTFD`;
export const jpNotAvailableURL = `https://${JP}/dp/B0MKWNOTAV`;
// A real amazon.com page: third-party seller uxcell (A1THAZDOWP300U), FBA.
export const usRealProductURL = `https://${US}/dp/B01LW7X0JJ`;

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
}[c]));

const yen = (n) => n.toLocaleString('en-US');

const templates = new Map();
function template(name) {
  if (!templates.has(name)) templates.set(name, fs.readFileSync(path.join(fixturesDir, name), 'utf8'));
  return templates.get(name);
}

// fill is a tiny Mustache subset: {{x}} escaped, {{{x}}} raw,
// {{#x}}…{{/x}} kept only when x is set, and the partial {{>file}}.
// {{>file}} puts in another fixture (the pages' shared look and script).
export function fill(name, values) {
  return template(name)
    .replace(/\{\{>([\w.]+)\}\}/g, (_, f) => template(f))
    .replace(/\{\{>([\w.]+)\}\}/g, (_, f) => template(f)) // a partial's own partials
    .replace(/\{\{#(\w+)\}\}([\s\S]*?)\{\{\/\1\}\}/g, (_, k, body) => (values[k] ? body : ''))
    .replace(/\{\{\{(\w+)\}\}\}/g, (_, k) => (k in values ? String(values[k]) : ''))
    .replace(/\{\{(\w+)\}\}/g, (_, k) => (k in values ? esc(values[k]) : ''));
}

// jpDate formats now + days as Amazon JP does ("12月18日").
function jpDate(days) {
  const d = new Date(Date.now() + days * 86400000);
  return `${d.getMonth() + 1}月${d.getDate()}日`;
}

export function productPage(asin) {
  const p = products[asin];
  if (!p) return null;
  const s = sellers[p.sellerId];
  if (p.layout === 'noFeatured') return fill('jp_no_featured.html', { asin, title: p.title, offerCount: p.offerCount, lowest: yen(p.lowest) });
  if (p.layout === 'used') {
    return fill('jp_used.html', {
      asin, title: p.title, price: yen(p.price), shipping: yen(p.shipping), sellerId: p.sellerId, sellerName: s.name, offerCount: p.offerCount,
    });
  }
  const link = s && `<a id="sellerProfileTriggerId" href="/gp/help/seller/at-a-glance.html/ref=dp_merchant_link?ie=UTF8&amp;seller=${esc(p.sellerId)}&amp;asin=${esc(asin)}&amp;isAmazonFulfilled=${p.ship === 'fba' ? 1 : 0}">${esc(s.name)}</a>`;
  const merchantInfo = {
    amazon: 'この商品は、<a href="/gp/help/customer/display.html?ie=UTF8&amp;nodeId=643004">Amazon.co.jp</a> が販売、発送します。',
    fba: `この商品は、${link} が販売し、<a href="/gp/help/customer/display.html?ie=UTF8&amp;nodeId=642982">Amazon.co.jp</a> が発送します。`,
    merchant: `この商品は、${link} が販売、発送します。`,
  }[p.ship];
  const [from, to] = p.deliveryDays;
  return fill('jp_product.html', {
    asin,
    title: p.title,
    price: yen(p.price),
    listPrice: p.listPrice ? yen(p.listPrice) : '',
    sellerId: p.sellerId,
    merchantInfo,
    shippingText: p.ship === 'merchant' ? '配送料 ￥500' : '配送料無料',
    deliveryPrice: p.ship === 'merchant' ? '￥500' : '無料',
    deliveryWindow: `${jpDate(from)} - ${jpDate(to)}`,
    availability: p.ship === 'merchant' ? '通常4～5週間以内に発送します。' : '在庫あり。',
  });
}

function renderSeller(s, id, tmpl) {
  return fill(tmpl, {
    ...s,
    sellerId: id,
    lifetime: yen(s.lifetime),
    months12: yen(s.months12),
    days90: yen(s.days90),
    days30: yen(s.days30),
    addressRows: s.address.map((l) => `<div class="a-row a-spacing-none indent-left"><span>${esc(l)}</span></div>`).join('\n  '),
  });
}

export function sellerPage(id) {
  return sellers[id] ? renderSeller(sellers[id], id, 'jp_seller.html') : null;
}

// The state of the fake 2SV settings page; tests flip it.
export const account = { twoStep: 'on' };

const usSellers = {
  A1THAZDOWP300U: {
    name: 'uxcell', positive: 92, lifetime: 187654, months12: 21345, days90: 5012, days30: 1710,
    businessName: 'Dongguan Uxcell Trading Co., Ltd.',
    address: ['Building 5, Songshan Lake Science Park', 'Dongguan', 'Guangdong', '523000', 'CN'],
  },
};

// route answers one request; null means 404.
export function route(host, u) {
  const p = u.pathname;
  // /plain/ASIN is the product page where no content script runs (the
  // manifest matches /dp/ and /gp/product/ only): the bench reads it as is.
  const dp = p.match(/\/dp\/([A-Z0-9]{10})/) || p.match(/^\/(?:gp\/product|plain)\/([A-Z0-9]{10})/);
  const sellerId = u.searchParams.get('seller');
  if (host === JP) {
    if (p === '/dp/B0MKWNOTFD') return { status: 404, file: path.join(sharedFixtures, 'jp', 'amazon_jp_not_found.html') };
    if (p === '/dp/B0MKWNOTAV') return { file: path.join(sharedFixtures, 'jp', 'amazon_jp_not_available.html') };
    if (dp) {
      const html = productPage(dp[1]);
      return html && { html };
    }
    if ((p === '/sp' || p.startsWith('/gp/help/seller/at-a-glance')) && sellerId) {
      if (captchaProfiles.has(sellerId)) return { file: path.join(sharedFixtures, 'us', 'captcha.html') };
      if (missingProfiles.has(sellerId)) return { status: 404, file: path.join(sharedFixtures, 'jp', 'amazon_jp_not_found.html') };
      const html = sellerPage(sellerId);
      return html && { html, delay: profileDelay[sellerId] || 0 };
    }
    if (p === '/s' && u.searchParams.get('me')) {
      const s = sellers[u.searchParams.get('me')];
      return s && { html: fill('jp_storefront.html', { countText: s.listings }) };
    }
    if (p.startsWith('/gp/product/ajax/aodAjaxMain')) {
      const asin = u.searchParams.get('asin');
      const prod = products[asin];
      if (!prod) return null;
      if (prod.panel) return { html: fill('jp_aod_ratings.html', { asin, ...Object.fromEntries(Object.entries(prod.panel).map(([k, v]) => [k, yen(v)])) }) };
      return {
        html: fill('jp_aod.html', {
          asin, price: yen(prod.price), sellerId: prod.sellerId, sellerName: sellers[prod.sellerId]?.name ?? 'Amazon.co.jp',
          amazonPrice: yen(prod.listPrice ?? prod.price), otherPrice: yen(Math.round((prod.listPrice ?? prod.price) * 0.95)),
        }),
      };
    }
    if (p === '/a/settings/approval') {
      return { file: path.join(fixturesDir, account.twoStep === 'on' ? 'jp_2sv_on.html' : 'jp_2sv_off.html') };
    }
    return null;
  }
  if (host === US) {
    if (p === '/dp/B0MKWCAPTC') return { file: path.join(sharedFixtures, 'us', 'captcha.html') };
    if (p === '/dp/B01LW7X0JJ') return { file: path.join(sharedFixtures, 'us', 'product_B01LW7X0JJ_fba_uxcell.html') };
    if ((p === '/sp' || p.startsWith('/gp/help/seller/at-a-glance')) && usSellers[sellerId]) {
      return { html: renderSeller(usSellers[sellerId], sellerId, 'en_seller.html') };
    }
    return null;
  }
  return null;
}
