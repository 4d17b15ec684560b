/** @module Defines `<mashang-onboarding>`. Importing this module registers the element. */
import { MashangOnboarding } from './onboarding.js';

export { MashangOnboarding };
export type { OnboardingStepChangeDetail, OnboardingSubmittedDetail, OnboardingStatusChangeDetail } from './onboarding.js';

if (!customElements.get('mashang-onboarding')) customElements.define('mashang-onboarding', MashangOnboarding);

declare global {
  interface HTMLElementTagNameMap {
    'mashang-onboarding': MashangOnboarding;
  }
}
