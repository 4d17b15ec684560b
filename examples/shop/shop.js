// Shared by the example shop pages: language toggle and the shop's own QR.
const qr = document.getElementById('shop-qr');
if (qr) qr.setAttribute('value', new URL('./', location.href).href);

const toggle = document.getElementById('lang-toggle');
function syncToggle() {
  const en = document.documentElement.lang === 'en';
  if (toggle) toggle.textContent = en ? '中文' : 'English';
}
toggle?.addEventListener('click', () => {
  document.documentElement.lang = document.documentElement.lang === 'en' ? 'zh-CN' : 'en';
  syncToggle();
});
syncToggle();

/** The sandbox merchant and platform URL, served by the shop's server. */
export async function shopConfig() {
  const res = await fetch('/shop/config.json');
  return res.json();
}
