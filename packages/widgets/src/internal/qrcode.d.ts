// Types for the encoder core of the `qrcode` package, which the widgets import directly
// (without its canvas/terminal renderers) to keep bundles small.
declare module 'qrcode/lib/core/qrcode.js' {
  export interface QRCodeSymbol {
    version: number;
    modules: { size: number; data: Uint8Array | boolean[]; get(row: number, col: number): boolean | number };
  }
  export function create(text: string, options?: { errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H'; version?: number }): QRCodeSymbol;
}
