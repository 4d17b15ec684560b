/** @module QR encoding with the `qrcode` package's encoder, rendered as one SVG path. */
import { create } from 'qrcode/lib/core/qrcode.js';

/** QR error-correction levels: L 7 %, M 15 %, Q 25 %, H 30 % of codewords recoverable. */
export type ErrorCorrection = 'L' | 'M' | 'Q' | 'H';

/** An encoded symbol: its size in modules, version and a path drawing the dark modules. */
export interface QrSymbol {
  size: number;
  version: number;
  /** SVG path data in module units (one `M x y h1v1h-1z` run per row segment). */
  path: string;
}

/** Thrown (and caught by the elements) when the value cannot be encoded. */
export class QrEncodeError extends Error {
  override name = 'QrEncodeError';
  constructor(
    readonly code: 'qr_empty' | 'qr_too_long' | 'qr_invalid',
    message: string,
  ) {
    super(message);
  }
}

/** Encodes `value`; throws {@link QrEncodeError}. */
export function encodeQr(value: string, errorCorrection: ErrorCorrection = 'M'): QrSymbol {
  if (!value) throw new QrEncodeError('qr_empty', 'Nothing to encode');
  let symbol;
  try {
    symbol = create(value, { errorCorrectionLevel: errorCorrection });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new QrEncodeError(/too big/i.test(message) ? 'qr_too_long' : 'qr_invalid', message);
  }
  const { size } = symbol.modules;
  let path = '';
  for (let y = 0; y < size; y++) {
    let run = 0;
    for (let x = 0; x <= size; x++) {
      const dark = x < size && Boolean(symbol.modules.get(y, x));
      if (dark) run++;
      else if (run) {
        path += `M${x - run} ${y}h${run}v1h-${run}z`;
        run = 0;
      }
    }
  }
  return { size, version: symbol.version, path };
}
