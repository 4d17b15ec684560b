/** @module `<mashang-qr>`: a QR code as accessible SVG. */
import { html, svg, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { MashangElement, type MashangErrorDetail } from '../internal/mashang-element.js';
import { encodeQr, QrEncodeError, type ErrorCorrection, type QrSymbol } from '../internal/qr-matrix.js';
import { styles } from './qr.styles.js';

/**
 * @summary Renders a QR code as SVG with the `qrcode` package's encoder.
 *
 * @csspart svg - The `<svg>` of the code.
 * @csspart error - The error message shown instead of the code.
 * @cssproperty --mashang-qr-dark - Colour of dark modules. @default #000000
 * @cssproperty --mashang-qr-light - Background colour. @default #ffffff
 * @fires mashang-error - `MashangErrorDetail`; the value is empty or cannot be encoded. Never throws.
 *
 * @example
 * <mashang-qr value="https://pay.example.cn/p/abc" size="240" label="付款码"></mashang-qr>
 */
export class MashangQr extends MashangElement {
  static override styles = [...MashangElement.styles, styles];

  static override properties: PropertyDeclarations = {
    value: {},
    errorCorrection: { attribute: 'error-correction' },
    size: { type: Number },
    margin: { type: Number },
    label: {},
  };

  /** The text to encode (a URL, an EMV payload…). */
  declare value: string;
  /** Error-correction level `L`, `M`, `Q` or `H`. @default 'M' */
  declare errorCorrection: ErrorCorrection;
  /** Rendered width and height in CSS pixels. @default 200 */
  declare size: number;
  /** Quiet zone around the code, in modules (the standard asks for 4). @default 4 */
  declare margin: number;
  /** Accessible name announced for the image. @default a localized "二维码" / "QR code" */
  declare label: string | undefined;

  #symbol: QrSymbol | undefined;
  #error: QrEncodeError | undefined;

  constructor() {
    super();
    this.value = '';
    this.errorCorrection = 'M';
    this.size = 200;
    this.margin = 4;
  }

  /** The encoded symbol's QR version (1–40), or undefined when nothing is shown. */
  get version(): number | undefined {
    return this.#symbol?.version;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (!changed.has('value') && !changed.has('errorCorrection')) return;
    const level = (['L', 'M', 'Q', 'H'] as const).includes(this.errorCorrection) ? this.errorCorrection : 'M';
    try {
      this.#symbol = encodeQr(this.value ?? '', level);
      this.#error = undefined;
    } catch (error) {
      this.#symbol = undefined;
      this.#error = error instanceof QrEncodeError ? error : new QrEncodeError('qr_invalid', String(error));
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if ((changed.has('value') || changed.has('errorCorrection')) && this.#error) {
      this.emit<MashangErrorDetail>('mashang-error', { code: this.#error.code, message: this.#errorMessage(this.#error), cause: this.#error });
    }
  }

  #errorMessage(error: QrEncodeError): string {
    if (error.code === 'qr_empty') return this.t('qr.errorEmpty');
    if (error.code === 'qr_too_long') return this.t('qr.errorTooLong', { length: this.value.length });
    return this.t('qr.errorInvalid', { reason: error.message });
  }

  protected override render() {
    const size = Number.isFinite(this.size) && this.size > 0 ? this.size : 200;
    if (this.#error || !this.#symbol) {
      const message = this.#error ? this.#errorMessage(this.#error) : this.t('qr.errorEmpty');
      return html`<div part="error" class="error" role="alert" style="width:${size}px;min-height:${size}px">${message}</div>`;
    }
    const margin = Number.isFinite(this.margin) && this.margin >= 0 ? Math.floor(this.margin) : 4;
    const total = this.#symbol.size + margin * 2;
    const label = this.label || this.t('qr.label');
    return html`<svg
      part="svg"
      role="img"
      aria-label=${label}
      width=${size}
      height=${size}
      viewBox="0 0 ${total} ${total}"
      shape-rendering="crispEdges"
      xmlns="http://www.w3.org/2000/svg"
    >
      <title>${label}</title>
      ${svg`<rect width=${total} height=${total} fill="var(--mashang-qr-light, #fff)"></rect>
      <path transform="translate(${margin} ${margin})" d=${this.#symbol.path} fill="var(--mashang-qr-dark, #000)"></path>`}
    </svg>${nothing}`;
  }
}
