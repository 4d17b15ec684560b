/** @module Detects an upload's type from its first bytes; names and declared types are not trusted. */

/** The types onboarding documents may have. */
export type DocumentMime = 'image/jpeg' | 'image/png' | 'application/pdf';

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return prefix.every((b, i) => bytes[at + i] === b);
}

/**
 * `image/jpeg` (FF D8 FF), `image/png` (the 8-byte signature followed by an IHDR chunk) or
 * `application/pdf` (`%PDF-` within the first 1024 bytes, as readers allow); otherwise undefined.
 */
export function sniffDocumentType(bytes: Uint8Array): DocumentMime | undefined {
  if (bytes.length >= 4 && startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (bytes.length >= 16 && startsWith(bytes, PNG) && startsWith(bytes, [0x49, 0x48, 0x44, 0x52], 12)) return 'image/png';
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  if (head.includes('%PDF-')) return 'application/pdf';
  return undefined;
}

/** A short description of what the bytes look like, for the error message. */
export function describeContent(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'an empty file';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'a GIF image';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'a WebP image';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'a ZIP archive (or an Office document)';
  if (startsWith(bytes, [0x00, 0x00, 0x00]) && startsWith(bytes, [0x66, 0x74, 0x79, 0x70], 4)) return 'an HEIC/MP4 file (on iPhone, choose "Most Compatible" or take a screenshot)';
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 64)).trimStart().toLowerCase();
  if (head.startsWith('<')) return 'an HTML/XML/SVG document';
  return 'neither a JPEG, a PNG nor a PDF';
}
