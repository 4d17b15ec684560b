/**
 * @module The counter display card (台卡) of a payment code: a printable SVG with the
 * merchant's name and logo, the QR code and its caption, and a PNG rendered from it.
 */
import type { QrSymbol } from '../internal/qr-matrix.js';

/** What goes on the card. All text is already localized. */
export interface CardContent {
  merchantName: string;
  /** `¥12.50` for a dynamic order; absent on a static code. */
  amount?: string | undefined;
  /** A second line under the name (the order's description, the till). */
  subtitle?: string | null | undefined;
  qr: QrSymbol;
  /** `扫码付款` */
  caption: string;
  /** Smaller line under the caption. */
  note: string;
  /** The static-code limit, for static codes. */
  limit?: string | undefined;
  /** Footer brand line. */
  brand: string;
  /** A data: URL of the merchant's logo; a monogram is drawn without one. */
  logo?: string | undefined;
  lang: string;
}

/** Card size in CSS pixels (a 2:3 table stand). */
export const CARD_WIDTH = 600;
export const CARD_HEIGHT = 900;

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
function esc(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch]!);
}

/** Cuts `text` to `max` characters with an ellipsis, so long names never overflow the card. */
function fit(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

const FONT = "system-ui, -apple-system, 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif";

/** The card as a standalone SVG document. */
export function cardSvg(content: CardContent): string {
  const W = CARD_WIDTH;
  const qrBox = 400;
  const quiet = 4;
  const modules = content.qr.size + quiet * 2;
  const qrTop = content.amount ? 300 : 250;
  const monogram = esc(Array.from(content.merchantName)[0] ?? '码');
  const logo = content.logo
    ? `<clipPath id="logo-clip"><circle cx="${W / 2}" cy="92" r="44"/></clipPath><image href="${esc(content.logo)}" x="${W / 2 - 44}" y="48" width="88" height="88" clip-path="url(#logo-clip)" preserveAspectRatio="xMidYMid slice"/>`
    : `<circle cx="${W / 2}" cy="92" r="44" fill="#ffffff"/><text x="${W / 2}" y="108" text-anchor="middle" font-size="44" font-weight="700" fill="#0b6bcb">${monogram}</text>`;
  const lines: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${CARD_HEIGHT}" viewBox="0 0 ${W} ${CARD_HEIGHT}" lang="${esc(content.lang)}" font-family="${esc(FONT)}">`,
    `<title>${esc(`${content.merchantName} · ${content.caption}`)}</title>`,
    `<rect width="${W}" height="${CARD_HEIGHT}" rx="28" fill="#0b6bcb"/>`,
    `<rect x="24" y="160" width="${W - 48}" height="${CARD_HEIGHT - 230}" rx="20" fill="#ffffff"/>`,
    logo,
    `<text x="${W / 2}" y="${content.subtitle ? 212 : 222}" text-anchor="middle" font-size="34" font-weight="700" fill="#1d2129">${esc(fit(content.merchantName, 16))}</text>`,
  ];
  if (content.subtitle) lines.push(`<text x="${W / 2}" y="246" text-anchor="middle" font-size="20" fill="#4e5969">${esc(fit(content.subtitle, 26))}</text>`);
  if (content.amount) lines.push(`<text x="${W / 2}" y="${content.subtitle ? 288 : 280}" text-anchor="middle" font-size="40" font-weight="700" fill="#1d2129">${esc(content.amount)}</text>`);
  lines.push(
    `<svg x="${(W - qrBox) / 2}" y="${qrTop}" width="${qrBox}" height="${qrBox}" viewBox="0 0 ${modules} ${modules}" shape-rendering="crispEdges">`,
    `<rect width="${modules}" height="${modules}" fill="#ffffff"/>`,
    `<path transform="translate(${quiet} ${quiet})" d="${content.qr.path}" fill="#000000"/>`,
    `</svg>`,
    `<text x="${W / 2}" y="${qrTop + qrBox + 46}" text-anchor="middle" font-size="32" font-weight="700" fill="#0b6bcb">${esc(content.caption)}</text>`,
    `<text x="${W / 2}" y="${qrTop + qrBox + 80}" text-anchor="middle" font-size="19" fill="#4e5969">${esc(content.note)}</text>`,
  );
  if (content.limit) lines.push(`<text x="${W / 2}" y="${qrTop + qrBox + 110}" text-anchor="middle" font-size="17" fill="#4e5969">${esc(content.limit)}</text>`);
  lines.push(`<text x="${W / 2}" y="${CARD_HEIGHT - 28}" text-anchor="middle" font-size="20" fill="#ffffff">${esc(content.brand)}</text>`, `</svg>`);
  return lines.join('\n');
}

/** Renders an SVG document to a PNG at `scale` × its size (2 = crisp when printed on A6). */
export async function svgToPng(svg: string, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.decoding = 'async';
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = CARD_WIDTH * scale;
    canvas.height = CARD_HEIGHT * scale;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('This browser cannot draw on a canvas.');
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The card could not be rendered as PNG.'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Reads an image (the slotted logo) as a data: URL, so the card embeds it; undefined when it cannot be read (cross-origin without CORS). */
export async function imageAsDataUrl(src: string): Promise<string | undefined> {
  try {
    const response = await fetch(src, { mode: 'cors' });
    if (!response.ok) return undefined;
    const blob = await response.blob();
    if (!blob.type.startsWith('image/')) return undefined;
    return await new Promise((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : undefined);
      reader.onerror = () => resolve(undefined);
      reader.readAsDataURL(blob);
    });
  } catch {
    return undefined;
  }
}
