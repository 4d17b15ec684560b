/** @module Defines `<mashang-trace>`. Importing this module registers the element. */
import { MashangTrace } from './trace.js';
import { registerStrings } from '../internal/localize.js';
import zhCN from './locale.zh-CN.js';
import en from './locale.en.js';

registerStrings('trace', { 'zh-CN': zhCN, en });

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
