/** @module Defines `<mashang-trace>`. Importing this module registers the element. */
import { MashangTrace } from './trace.js';

export { MashangTrace };
export type { TraceLoadedDetail, TraceVerifiedDetail, TraceState } from './trace.js';

if (!customElements.get('mashang-trace')) customElements.define('mashang-trace', MashangTrace);

declare global {
  interface HTMLElementTagNameMap {
    'mashang-trace': MashangTrace;
  }
  interface HTMLElementEventMap {
    'mashang-verified': CustomEvent<import('./trace.js').TraceVerifiedDetail>;
    'mashang-trace-loaded': CustomEvent<import('./trace.js').TraceLoadedDetail>;
  }
}
