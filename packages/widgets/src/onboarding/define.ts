/** @module Defines `<mashang-onboarding>`. Importing this module registers the element. */
import { MashangOnboarding } from './onboarding.js';
import { registerStrings } from '../internal/localize.js';
import zhCN from './locale.zh-CN.js';
import en from './locale.en.js';

registerStrings('onboarding', { 'zh-CN': zhCN, en });

export { MashangOnboarding };
export type { OnboardingStepChangeDetail, OnboardingSubmittedDetail, OnboardingStatusChangeDetail } from './onboarding.js';

if (!customElements.get('mashang-onboarding')) customElements.define('mashang-onboarding', MashangOnboarding);

declare global {
  interface HTMLElementTagNameMap {
    'mashang-onboarding': MashangOnboarding;
  }
}
