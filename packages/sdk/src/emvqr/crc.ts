/** @module CRC-16/CCITT-FALSE, the checksum of EMV QR tag 63. */

const TABLE = /* @__PURE__ */ buildTable();

function buildTable(): Uint16Array {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let crc = n << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1;
    table[n] = crc & 0xffff;
  }
  return table;
}


/**
 * CRC-16/CCITT-FALSE (also called CRC-16/IBM-3740): polynomial 0x1021, initial value 0xFFFF,
 * no reflection, no final XOR. A string is first encoded as UTF-8, which is what EMV QR
 * checksums are computed over (a `charCodeAt` loop gives wrong values for Chinese text).
 *
 * @param data - bytes, or a string to encode as UTF-8
 * @returns the CRC as a number 0–0xFFFF
 * @example
 * ```ts
 * crc16ccittFalse('123456789').toString(16); // '29b1'
 * crc16ccittFalse(new TextEncoder().encode('北京')); // same as crc16ccittFalse('北京')
 * ```
 * @category EMV QR
 */
export function crc16ccittFalse(data: Uint8Array | string): number {
  if (typeof data === 'string') return crcOfUtf8(data);
  let crc = 0xffff;
  for (let i = 0; i < data.length; i++) crc = step(crc, data[i]!);
  return crc;
}

function step(crc: number, byte: number): number {
  return ((crc << 8) & 0xffff) ^ TABLE[((crc >>> 8) ^ byte) & 0xff]!;
}

/**
 * CRC of the UTF-8 encoding of `text`, encoding on the fly instead of allocating the bytes.
 * Unpaired surrogates become U+FFFD, as `TextEncoder` does.
 */
function crcOfUtf8(text: string): number {
  let crc = 0xffff;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      crc = step(crc, c);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else {
        c = 0xfffd;
      }
    }
    if (c < 0x800) {
      crc = step(step(crc, 0xc0 | (c >> 6)), 0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
      crc = step(step(step(crc, 0xe0 | (c >> 12)), 0x80 | ((c >> 6) & 0x3f)), 0x80 | (c & 0x3f));
    } else {
      crc = step(crc, 0xf0 | (c >> 18));
      crc = step(step(step(crc, 0x80 | ((c >> 12) & 0x3f)), 0x80 | ((c >> 6) & 0x3f)), 0x80 | (c & 0x3f));
    }
  }
  return crc;
}

/** The CRC of `text` as 4 upper-case hex digits, as written in tag 63. */
export function crcHex(text: string): string {
  return crc16ccittFalse(text).toString(16).toUpperCase().padStart(4, '0');
}
