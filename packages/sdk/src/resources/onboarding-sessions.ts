/** @module Onboarding sessions: client secrets that let `<mashang-onboarding>` work on one application. */
import type { Transport, RequestOptions } from '../transport.js';
import { OnboardingSession, OnboardingSessionCreateParams } from '../schemas/onboarding.js';
import { parseWith } from '../internal/parse.js';

/**
 * `client.onboardingSessions` — mint these on your server, hand `client_secret` to the page.
 * @category Resources
 */
export class OnboardingSessions {
  readonly #t: Transport;
  /** @internal */
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /**
   * A client secret for the merchant's open application (a new draft when it has none), or for `application`.
   * @example
   * const { client_secret } = await client.forMerchant(merchantId).onboardingSessions.create();
   */
  async create(params: OnboardingSessionCreateParams = {}, options?: RequestOptions): Promise<OnboardingSession> {
    const body = parseWith(OnboardingSessionCreateParams, params, 'Invalid onboardingSessions.create() params');
    return this.#t.request({ method: 'post', path: '/v1/onboarding/sessions', body, schema: OnboardingSession, options });
  }
}
