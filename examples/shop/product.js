// The product page: asks the shop's server for a demo item code, then shows it in
// <mashang-trace> and on a printed-label preview (QR with the Digital Link + human-readable text).
const $ = (id) => document.getElementById(id);

function groupPin(pin) {
  return pin.replace(/(\d{4})(?=\d)/g, '$1 ');
}

async function main() {
  const res = await fetch('/shop/api/product-demo', { headers: { accept: 'application/json' } });
  if (!res.ok) {
    const error = $('demo-error');
    error.hidden = false;
    error.textContent =
      res.status === 404
        ? '示例服务器未挂载 mountProductDemo（examples/shop/product-server.ts）。 The shop server does not mount mountProductDemo yet.'
        : `无法取得示例商品码 (HTTP ${res.status}). Could not get the demo code.`;
    return;
  }
  const demo = await res.json();
  $('trace').setAttribute('uri', demo.uri);
  $('label-qr').setAttribute('value', demo.uri);
  $('label-gtin').textContent = demo.gtin;
  $('label-lot').textContent = demo.lot;
  $('label-serial').textContent = demo.serial;
  // GS1 AI (11) production date is YYMMDD.
  const prod = demo.production_date ? demo.production_date.slice(2).replaceAll('-', '') : null;
  $('label-prod').textContent = prod ?? '—';
  $('label-hri').textContent = `(01)${demo.gtin}${prod ? `(11)${prod}` : ''}(10)${demo.lot}(21)${demo.serial}`;
  $('open-consumer').href = demo.uri;
  const pin = $('label-pin');
  $('reveal-pin').addEventListener('click', () => {
    pin.textContent = groupPin(demo.pin);
    pin.classList.add('revealed');
    pin.setAttribute('aria-label', `刮开码 PIN ${demo.pin}`);
  });
}

main().catch((error) => {
  const el = $('demo-error');
  el.hidden = false;
  el.textContent = `示例加载失败 Could not load the demo: ${error.message}`;
});
