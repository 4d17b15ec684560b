/** Detecting whether this runtime's WebCrypto can verify Ed25519 signatures. @module */
import { base64url } from 'jose';

// RFC 8037 Appendix A: public key, signing input and signature of "Example of Ed25519 signing".
const X = '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo';
const SIGNING_INPUT = 'eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc';
const SIGNATURE = 'hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg';

let support: Promise<boolean> | undefined;

/**
 * Resolves to true when WebCrypto here verifies Ed25519 (checked once, against the RFC 8037
 * vector). Where it cannot (older browsers and in-app web views, or any page that is not a secure
 * context: WebCrypto needs HTTPS or localhost), {@link verifyCreditCode} reports
 * every code as `unknown_key`, because no key in the set can be used; a page can check this first
 * and fall back to the platform's own verification page instead.
 *
 * @example
 * ```ts
 * if (!(await isEd25519Supported())) location.assign(scannedUrl);
 * ```
 */
export function isEd25519Supported(): Promise<boolean> {
  support ??= (async () => {
    try {
      const subtle = globalThis.crypto?.subtle;
      if (!subtle) return false;
      const key = await subtle.importKey('raw', base64url.decode(X) as Uint8Array<ArrayBuffer>, { name: 'Ed25519' }, false, ['verify']);
      const data = new TextEncoder().encode(SIGNING_INPUT);
      return await subtle.verify({ name: 'Ed25519' }, key, base64url.decode(SIGNATURE) as Uint8Array<ArrayBuffer>, data);
    } catch {
      return false;
    }
  })();
  return support;
}
