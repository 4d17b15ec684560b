/** Finding a credit-code JWS in what a QR scanner returns, and building the QR URL. @module */

/** Longest token accepted. A QR code (version 40-L) holds at most 2,953 bytes. */
export const MAX_TOKEN_LENGTH = 4096;

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

function asJws(candidate: string): string | undefined {
  let text = candidate;
  try {
    text = decodeURIComponent(candidate);
  } catch {
    return undefined;
  }
  return text.length <= MAX_TOKEN_LENGTH && COMPACT_JWS.test(text) ? text : undefined;
}

/**
 * Returns the compact JWS in a scanned credit code, or `undefined` when there is none. Accepts the
 * bare JWS, a URL whose path ends in `/c/<jws>` (`https://mashang.example/c/eyJ…`, also under a
 * base path), or a URL whose fragment carries it (`#<jws>`, `#c/<jws>`, `#/c/<jws>`, `#c=<jws>`).
 * Only the shape is checked, not the signature.
 *
 * @example
 * ```ts
 * extractCreditToken('https://mashang.example/c/eyJhbGciOi….eyJpc3Mi….sig'); // 'eyJhbGciOi….eyJpc3Mi….sig'
 * extractCreditToken('hello'); // undefined
 * ```
 */
export function extractCreditToken(input: string): string | undefined {
  if (typeof input !== 'string') return undefined;
  const text = input.trim();
  if (text.length > MAX_TOKEN_LENGTH + 2048) return undefined;
  const bare = asJws(text);
  if (bare) return bare;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const fragment = url.hash.slice(1).replace(/^\/?c[/=]/, '');
  if (fragment) {
    const fromFragment = asJws(fragment);
    if (fromFragment) return fromFragment;
  }
  const path = /\/c\/([^/]+)\/?$/.exec(url.pathname);
  return path ? asJws(path[1]!) : undefined;
}

/**
 * Builds the URL a credit-code QR encodes: `<base>/c/<jws>`. A base path is kept, query and
 * fragment are dropped.
 *
 * @example
 * ```ts
 * creditCodeUrl('https://mashang.example', jws); // 'https://mashang.example/c/eyJ…'
 * ```
 */
export function creditCodeUrl(base: string | URL, jws: string): string {
  if (!COMPACT_JWS.test(jws)) throw new TypeError('jws must be a compact JWS (three base64url parts joined by ".")');
  const url = new URL(base);
  url.search = '';
  url.hash = '';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/c/${jws}`;
  return url.href;
}
