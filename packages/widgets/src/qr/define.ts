/** @module Defines `<mashang-qr>`. Importing this module registers the element. */
import { MashangQr } from './qr.js';

export { MashangQr };

if (!customElements.get('mashang-qr')) customElements.define('mashang-qr', MashangQr);

declare global {
  interface HTMLElementTagNameMap {
    'mashang-qr': MashangQr;
  }
}
