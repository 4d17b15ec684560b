/** @module `<mashang-credit-code>`: a merchant's signed credit code (信用码), verified in the browser. */
import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import type { CreditClaims } from '@mashang/sdk/credential';
import { MashangElement, type MashangErrorDetail } from '../internal/mashang-element.js';
import type { MessageKey } from '../internal/localize.js';
import { encodeQr } from '../internal/qr-matrix.js';
import '../qr/define.js';
import { styles } from './credit-code.styles.js';
import { CreditCodeFetchError, fetchCurrentToken, verifyToken, type CreditCodeState, type CreditVerification } from './verify.js';

export type { CreditCodeState, CreditVerification } from './verify.js';

/** Detail of `mashang-credit-state`: the outcome of one verification. */
export interface CreditStateDetail {
  state: CreditCodeState;
  /** Why not verified (`expired`, `revoked`, `bad_signature`, `unknown_key`, `malformed`, …). */
  reason: string | undefined;
  /** The verified claims (absent when the signature could not be checked). */
  claims: CreditClaims | undefined;
  /** How revocation was checked: `current`, `stale` (cached, offline) or `unchecked`. */
  statusCheck: string | undefined;
}

const ICON: Record<CreditCodeState, string> = {
  idle: '…',
  loading: '…',
  verified: '✓',
  expired: '!',
  revoked: '✕',
  invalid: '✕',
  unverifiable: '?',
  error: '!',
};

/** Quiet zone of the QR code, in modules (the standard's 4). */
const QR_MARGIN = 4;

/**
 * Pixel size of the QR code: a whole number of CSS pixels per module, so a phone camera (or a
 * screenshot) sees crisp modules. A credential URL is about 900 bytes, a version 21–23 symbol.
 */
function qrPixels(url: string, perModule: number): number {
  try {
    return (encodeQr(url, 'L').size + 2 * QR_MARGIN) * perModule;
  } catch {
    return 200;
  }
}

/** `YYYY-MM-DD` of a NumericDate in China Standard Time, the zone grades are set in. */
function chinaDate(seconds: number): string {
  return new Date(seconds * 1000 + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * @summary Shows a merchant's credit code: grade as text and colour, name, USCC, validity, the QR
 * code, and whether the credential verified — checked in the browser against the platform's
 * published keys, cached in localStorage so it also works offline.
 *
 * @csspart card - The outer box.
 * @csspart grade - The grade chip (letter and name).
 * @csspart state - The verification state line.
 * @csspart qr - The `<mashang-qr>` with the verification URL.
 * @cssproperty --mashang-credit-grade-a - Colour of grade A. @default var(--mashang-color-success)
 * @cssproperty --mashang-credit-grade-b - Colour of grade B. @default var(--mashang-color-primary)
 * @cssproperty --mashang-credit-grade-c - Colour of grade C. @default var(--mashang-color-warning)
 * @cssproperty --mashang-credit-grade-d - Colour of grade D. @default var(--mashang-color-danger)
 * @cssproperty --mashang-credit-code-width - Width of the card. @default 380px (full), 520px (compact); wider in elder mode
 * @fires mashang-credit-state - `CreditStateDetail`, after every verification (first load and each status check).
 * @fires mashang-error - `MashangErrorDetail`: bad attributes, unknown merchant or key, platform unreachable without a cached code.
 *
 * @example
 * <mashang-credit-code merchant="mch_…" publishable-key="pk_…" platform-url="https://pay.example.cn"></mashang-credit-code>
 * <mashang-credit-code token="eyJhbGciOiJFZERTQSIs…" layout="full"></mashang-credit-code>
 */
export class MashangCreditCode extends MashangElement {
  static override styles = [...MashangElement.styles, styles];

  static override properties: PropertyDeclarations = {
    merchant: {},
    publishableKey: { attribute: 'publishable-key' },
    token: {},
    platformUrl: { attribute: 'platform-url' },
    layout: { reflect: true },
    statusInterval: { attribute: 'status-interval', type: Number },
    state: { reflect: true },
    _result: { state: true },
    _problem: { state: true },
  };

  /** The merchant id (`mch_…`) whose current code to show; needs `publishable-key`. */
  declare merchant: string | undefined;
  /** The merchant's publishable key (`pk_…`). */
  declare publishableKey: string | undefined;
  /** A credit code to show instead: the compact JWS, or its `https://<platform>/c/<jws>` URL. */
  declare token: string | undefined;
  /** The platform whose keys verify the code. @default the page's origin */
  declare platformUrl: string | undefined;
  /** `compact` (a footer badge) or `full` (the verification page). @default 'compact' */
  declare layout: 'compact' | 'full';
  /** Seconds between revocation checks while shown; 0 checks only on load and when the network returns. @default 60 */
  declare statusInterval: number;
  /** The verification state (read it; set by the element). */
  declare state: CreditCodeState;

  declare private _result: CreditVerification | undefined;
  declare private _problem: { code: string; key: MessageKey; params?: Record<string, string> } | undefined;

  #timer: ReturnType<typeof setInterval> | undefined;
  #abort: AbortController | undefined;
  #run = 0;
  readonly #online = () => void this.check();

  constructor() {
    super();
    this.layout = 'compact';
    this.statusInterval = 60;
    this.state = 'idle';
  }

  /** The last verification, with the claims when the signature verified. */
  get result(): CreditVerification | undefined {
    return this._result;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    globalThis.addEventListener?.('online', this.#online);
    if (this.hasUpdated) void this.reload();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    globalThis.removeEventListener?.('online', this.#online);
    this.#stopTimer();
    this.#abort?.abort();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (['merchant', 'publishableKey', 'token', 'platformUrl'].some((p) => changed.has(p as keyof this))) void this.reload();
    else if (changed.has('statusInterval' as keyof this)) this.#startTimer();
  }

  #base(): string {
    return (this.platformUrl || globalThis.location?.origin || '').replace(/\/+$/, '');
  }

  /** Gets the code again (for `merchant`) and verifies it. */
  async reload(): Promise<void> {
    this.#stopTimer();
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    const run = ++this.#run;
    this._problem = undefined;
    if (!this.token && !this.merchant && !this.publishableKey) {
      // Nothing set yet (a page script fills the attributes in): wait quietly.
      this._result = undefined;
      this.state = 'idle';
      return;
    }
    if (this.publishableKey?.trim().startsWith('sk_')) return this.#fail('secret_key_in_page', 'creditCode.errors.secretKey');
    if (!this.token && !(this.merchant && this.publishableKey)) return this.#fail('missing_attributes', 'creditCode.errors.missing');
    this.state = 'loading';
    let input = this.token?.trim();
    if (!input) {
      try {
        input = await fetchCurrentToken(this.#base(), this.merchant!.trim(), this.publishableKey!.trim(), abort.signal);
      } catch (error) {
        if (abort.signal.aborted || run !== this.#run) return;
        return this.#failFrom(error);
      }
    }
    if (run !== this.#run) return;
    await this.#verify(input, run);
    this.#startTimer();
  }

  /** Verifies the shown code again now (revocation status and, if needed, keys). */
  async check(): Promise<void> {
    const input = this._result?.url || this._result?.token || this.token;
    if (!input || this.state === 'loading') return;
    if (this._problem) return this.reload();
    await this.#verify(input, this.#run);
  }

  async #verify(input: string, run: number): Promise<void> {
    const result = await verifyToken(this.#base(), input);
    if (run !== this.#run) return;
    this._result = result;
    this.state = result.state;
    this.emit<CreditStateDetail>('mashang-credit-state', { state: result.state, reason: result.reason, claims: result.claims, statusCheck: result.statusCheck });
  }

  #startTimer(): void {
    this.#stopTimer();
    const seconds = Number(this.statusInterval);
    if (!this.isConnected || !Number.isFinite(seconds) || seconds <= 0) return;
    this.#timer = setInterval(() => void this.check(), Math.max(1, seconds) * 1000);
  }

  #stopTimer(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #fail(code: string, key: MessageKey, params?: Record<string, string>): void {
    this._result = undefined;
    this._problem = { code, key, ...(params ? { params } : {}) };
    this.state = 'error';
    this.emit<MashangErrorDetail>('mashang-error', { code, message: this.t(key, params) });
  }

  #failFrom(error: unknown): void {
    if (!(error instanceof CreditCodeFetchError)) return this.#fail('network', 'creditCode.errors.network');
    const keys: Record<CreditCodeFetchError['code'], MessageKey> = {
      unauthorized: 'creditCode.errors.unauthorized',
      not_found: 'creditCode.errors.notFound',
      conflict: 'creditCode.errors.conflict',
      network: 'creditCode.errors.network',
      server: 'creditCode.errors.server',
      invalid_answer: 'creditCode.errors.server',
    };
    this.#fail(error.code, keys[error.code], { detail: error.message });
  }

  #message(): string {
    const result = this._result;
    if (this._problem) return this.t(this._problem.key, this._problem.params);
    if (!result) return this.t('creditCode.loading');
    switch (result.state) {
      case 'verified':
        if (result.statusCheck === 'stale' && result.statusAt !== undefined) {
          return this.t('creditCode.message.verifiedStale', { time: new Date(result.statusAt).toLocaleString(this.locale) });
        }
        if (result.statusCheck !== 'current') return this.t('creditCode.message.verifiedUnchecked');
        return this.t('creditCode.message.verified');
      case 'expired':
        return this.t('creditCode.message.expired', { date: chinaDate(result.claims!.exp) });
      case 'revoked':
        return this.t('creditCode.message.revoked');
      case 'unverifiable':
        return this.t('creditCode.message.unverifiable');
      case 'invalid':
        return this.t('creditCode.message.invalid');
      default:
        return this.t('creditCode.loading');
    }
  }

  #grade(claims: CreditClaims): TemplateResult {
    const grade = claims.credit.grade;
    return html`<p class="grade grade-${grade}" part="grade">
      <span class="letter" aria-hidden="true">${grade}</span>
      <span class="label">${this.t('creditCode.grade', { grade })} · ${this.t(`creditCode.gradeName.${grade}`)}</span>
    </p>`;
  }

  protected override render(): TemplateResult {
    const result = this._result;
    // Claims are shown only when the signature verified: an unverifiable code says nothing it cannot back.
    const claims = result?.claims;
    const full = this.layout === 'full';
    const perModule = (full ? 3 : 2) + (this.elder ? 1 : 0);
    const state = this.state;
    // A forged or garbled code is not shown as a QR code: nobody should pass it on.
    return html`<section class="card" part="card" aria-labelledby="title">
      ${result?.url && state !== 'invalid'
        ? html`<mashang-qr
            class="qr"
            part="qr"
            .value=${result.url}
            .size=${qrPixels(result.url, perModule)}
            .margin=${QR_MARGIN}
            error-correction="L"
            .label=${claims ? this.t('creditCode.qrLabel', { name: claims.credit.name }) : this.t('creditCode.qrLabelUnknown')}
            lang=${this.locale}
          ></mashang-qr>`
        : nothing}
      <div class="info">
      <h2 id="title">${this.t('creditCode.title')}</h2>
      ${claims ? this.#grade(claims) : nothing}
      ${claims && full ? html`<p class="meaning">${this.t(`creditCode.gradeMeaning.${claims.credit.grade}`)}</p>` : nothing}
      ${claims && !full
        ? html`<p class="name">${claims.credit.name}</p>
            <p class="meta">
              <span>${this.t('creditCode.uscc')} <span class="uscc">${claims.credit.uscc}</span></span>
              <span>${this.t('creditCode.validUntil')} ${chinaDate(claims.exp)}</span>
            </p>`
        : nothing}
      ${claims && full
        ? html`<dl class="details">
            <dt>${this.t('creditCode.merchant')}</dt>
            <dd class="name">${claims.credit.name}</dd>
            <dt>${this.t('creditCode.uscc')}</dt>
            <dd class="uscc">${claims.credit.uscc}</dd>
            <dt>${this.t('creditCode.validUntil')}</dt>
            <dd>${chinaDate(claims.exp)}</dd>
          </dl>`
        : nothing}
      <div role="status" aria-live="polite" class="status">
        <p class="state state-${state}" part="state">
          <span class="icon" aria-hidden="true">${ICON[state]}</span>
          <span>${this.t(`creditCode.state.${state}`)}</span>
        </p>
        ${full || state !== 'verified' ? html`<p class="message">${this.#message()}</p>` : nothing}
      </div>
      ${state === 'error' || state === 'unverifiable' ? html`<button type="button" @click=${() => void this.reload()}>${this.t('creditCode.retry')}</button>` : nothing}
      </div>
    </section>`;
  }
}
