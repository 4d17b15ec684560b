// Footer snippet script: fills every <mashang-credit-code data-shop-credit> with the shop's
// merchant id, publishable key and platform URL (from the shop's server). Copy it with the
// snippet in credit-footer.html. A real shop can write the attributes into its HTML instead.
import { shopConfig } from './shop.js';

const badges = document.querySelectorAll('mashang-credit-code[data-shop-credit]');
if (badges.length) {
  const { platformUrl, merchantId, publishableKey } = await shopConfig();
  for (const badge of badges) {
    badge.setAttribute('platform-url', platformUrl);
    badge.setAttribute('merchant', merchantId);
    badge.setAttribute('publishable-key', publishableKey);
  }
}
