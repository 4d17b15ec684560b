/** @module `<mashang-payment-code>`: a 收款码 (static code or dynamic order) with live status. */
import { html, nothing, svg, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import type { Order, PaymentCode } from '@mashang/sdk';
import { fenToAmountString } from '@mashang/sdk/emvqr';
import { MashangElement, type MashangErrorDetail } from '../internal/mashang-element.js';
import type { MessageKey } from '../internal/localize.js';
import { encodeQr } from '../internal/qr-matrix.js';
import '../qr/define.js';
import { asHostOrder, asOrder, asPaymentCode, call, orderIdOf, WidgetApiError } from './api.js';
import { cardSvg, imageAsDataUrl, svgToPng } from './card.js';
import { LiveStatus } from './live.js';
import { styles } from './payment-code.styles.js';

/** What the element shows; reflected as the `state` attribute for styling. */
export type PaymentCodeState = 'idle' | 'loading' | 'active' | 'disabled' | 'pending' | 'paid' | 'expired' | 'cancelled' | 'error';

/** Detail of `mashang-paid`, `mashang-expired` and `mashang-cancelled`. */
export interface PaymentCodeOrderDetail {
  order: Order;
}

/** Detail of `mashang-refresh-request`: the host should create a new order and set `order` + `client-secret`. */
export interface PaymentCodeRefreshDetail {
  /** The order that ended. */
  order: Order;
  reason: 'expired' | 'cancelled';
}

/** Detail of `mashang-download` (cancelable: call `preventDefault()` to handle the file yourself, e.g. in a web-view). */
export interface PaymentCodeDownloadDetail {
  format: 'png' | 'svg';
  blob: Blob;
  filename: string;
}

/** Seconds added by the "more time" button. */
const EXTEND_SECONDS = 300;
/** The standard mode offers more time in the last two minutes; elder mode all along. */
const EXTEND_OFFER_MS = 120_000;

/** State icons as inline SVG (symbol fonts differ between phones; some lack ⏱ altogether). */
const ICONS = {
  paid: svg`<path d="M5 12.5l4.5 4.5L19 7.5"/>`,
  expired: svg`<circle cx="12" cy="13" r="8"/><path d="M12 9v4.5l3 2M9.5 2.5h5"/>`,
  cancelled: svg`<path d="M6.5 6.5l11 11M17.5 6.5l-11 11"/>`,
  disabled: svg`<circle cx="12" cy="12" r="8.5"/><path d="M6 18L18 6"/>`,
  error: svg`<path d="M12 3.5l9.5 16.5h-19z"/><path d="M12 10v4.5M12 17.2v.3"/>`,
};
type IconName = keyof typeof ICONS;

function icon(name: IconName): TemplateResult {
  return html`<svg class="icon" viewBox="0 0 24 24" width="1em" height="1em" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${ICONS[name]}</svg>`;
}

function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(h ? 2 : 1, '0');
  return `${h ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/**
 * @summary Shows a payment code (收款码) — a merchant's static code, or a dynamic order with its
 * amount, countdown and live status (SSE with polling fallback) — and a printable counter card.
 *
 * Static: `code="pc_…" publishable-key="pk_…"`. Dynamic: `order="ord_…" client-secret="ord_…_secret_…"`
 * (minted by your server when it creates the order), or `order-url` pointing at your server,
 * which the element asks for an order (and for a new one when the customer refreshes an expired
 * code). Never give it a secret key.
 *
 * @slot logo - The merchant's logo (an `<img>`); also printed on the counter card when its image can be read (same origin or CORS).
 *
 * @csspart base - The card.
 * @csspart merchant - The merchant's name.
 * @csspart amount - The amount (or "customer enters the amount").
 * @csspart qr - The box around the QR code.
 * @csspart status - The state panel (paid, expired, cancelled, error).
 * @csspart countdown - Time left on a pending order.
 * @csspart actions - The buttons.
 *
 * @cssproperty --mashang-payment-code-width - Width of the card. @default 340px (440px in elder mode)
 * @cssproperty --mashang-payment-code-qr-size - Size of the QR code. @default 232px (280px in elder mode)
 *
 * @fires mashang-paid - `PaymentCodeOrderDetail`: the order was paid; once per load (also when the order loaded is already paid).
 * @fires mashang-expired - `PaymentCodeOrderDetail`: the order expired unpaid; once per load.
 * @fires mashang-cancelled - `PaymentCodeOrderDetail`: the merchant cancelled the order.
 * @fires mashang-refresh-request - `PaymentCodeRefreshDetail` (cancelable): the customer asked for a new code; create an order and set `order` and `client-secret`. With `order-url`, the element asks your server itself unless you call `preventDefault()`.
 * @fires mashang-error - `MashangErrorDetail`: bad attributes, unknown order, invalid key, or the platform cannot be reached.
 * @fires mashang-download - `PaymentCodeDownloadDetail` (cancelable): a counter card is about to be downloaded.
 *
 * @example
 * <mashang-payment-code order="ord_…" client-secret="ord_…_secret_…" platform-url="https://pay.example.cn"></mashang-payment-code>
 */
export class MashangPaymentCode extends MashangElement {
  static override styles = [...MashangElement.styles, styles];

  static override properties: PropertyDeclarations = {
    code: {},
    publishableKey: { attribute: 'publishable-key' },
    order: {},
    clientSecret: { attribute: 'client-secret' },
    platformUrl: { attribute: 'platform-url' },
    orderUrl: { attribute: 'order-url' },
    orderRequest: { attribute: 'order-request' },
    format: {},
    state: { reflect: true },
    _data: { state: true },
    _now: { state: true },
    _problem: { state: true },
    _announcement: { state: true },
    _busy: { state: true },
  };

  /** A static payment code id (`pc_…`); needs `publishable-key`. */
  declare code: string | undefined;
  /** The merchant's publishable key (`pk_…`), for `code`. */
  declare publishableKey: string | undefined;
  /** A dynamic order id (`ord_…`); needs `client-secret`. */
  declare order: string | undefined;
  /** The order's client secret, minted by your server with the order. */
  declare clientSecret: string | undefined;
  /** The platform's origin. @default the page's origin, or the `platform_url` your `order-url` answers */
  declare platformUrl: string | undefined;
  /**
   * Your server's endpoint that creates an order: the element POSTs `order-request` to it (with the
   * page's cookies) and expects `{ client_secret, platform_url? }`. Used when `order` is not set.
   */
  declare orderUrl: string | undefined;
  /** JSON body sent to `order-url`, e.g. the cart: `{"items":[{"sku":"beef-noodles","qty":2}]}`. @default '{}' */
  declare orderRequest: string | undefined;
  /** What the QR code carries: `url` (aggregated code, any wallet app) or `emv` (EMVCo merchant-presented payload). @default 'url' */
  declare format: 'url' | 'emv';
  /** Current state (read it; set by the element). */
  declare state: PaymentCodeState;

  declare private _data: Order | PaymentCode | undefined;
  declare private _now: number;
  declare private _problem: { code: string; key: MessageKey; params?: Record<string, string | number> } | undefined;
  declare private _announcement: string;
  declare private _busy: boolean;

  #live: LiveStatus | undefined;
  #ticker: ReturnType<typeof setInterval> | undefined;
  #abort: AbortController | undefined;
  #warnedExpiry = '';
  #checkedExpiry = '';

  constructor() {
    super();
    this.format = 'url';
    this.state = 'idle';
    this._now = Date.now();
    this._announcement = '';
    this._busy = false;
  }

  /** The loaded order or payment code, as the platform returned it. */
  get data(): Order | PaymentCode | undefined {
    return this._data;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Re-inserted into the page: pick the live status up again.
    if (this.hasUpdated) void this.reload();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stop();
    this.#abort?.abort();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // Started here so the first state change (loading, or an attribute error) is part of this update.
    if (['code', 'publishableKey', 'order', 'clientSecret', 'platformUrl', 'orderUrl', 'orderRequest', 'format'].some((p) => changed.has(p as keyof this))) void this.reload();
  }

  /** Loads the code or order again (the retry button does this). */
  async reload(): Promise<void> {
    this.#stop();
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    const problem = this.#checkAttributes();
    if (problem) return this.#fail(problem.code, problem.key, problem.params);
    this.state = 'loading';
    this._problem = undefined;
    try {
      if (!this.order && !this.clientSecret && !this.code && this.orderUrl) {
        const created = asHostOrder(await call(new URL(this.orderUrl, document.baseURI).href, undefined, { method: 'POST', body: this.#requestBody(), signal: abort.signal }));
        if (abort.signal.aborted) return;
        // Setting these starts another load, of the new order.
        if (created.platformUrl && !this.platformUrl) this.platformUrl = created.platformUrl;
        this.order = created.orderId;
        this.clientSecret = created.clientSecret;
        return;
      }
      if (this.order) {
        const order = asOrder(await call(this.#url(`/v1/orders/${encodeURIComponent(this.order)}`), this.clientSecret!, { signal: abort.signal }));
        if (abort.signal.aborted) return;
        this._data = undefined;
        this.#apply(order);
        if (order.status === 'pending') this.#follow(order.id);
      } else {
        const code = asPaymentCode(await call(this.#url(`/v1/payment-codes/${encodeURIComponent(this.code!)}`), this.publishableKey!, { signal: abort.signal }));
        if (abort.signal.aborted) return;
        this._data = code;
        this.state = code.status === 'active' ? 'active' : 'disabled';
      }
    } catch (error) {
      if (abort.signal.aborted) return;
      this.#failFrom(error);
    }
  }

  #checkAttributes(): { code: string; key: MessageKey; params?: Record<string, string> } | undefined {
    if (this.format !== 'url' && this.format !== 'emv') return { code: 'invalid_format', key: 'paymentCode.errors.format', params: { format: String(this.format) } };
    const key = this.order ? this.clientSecret : this.publishableKey;
    if (key?.trim().startsWith('sk_')) return { code: 'secret_key_in_page', key: 'paymentCode.errors.secretKey' };
    if (this.order || this.clientSecret) {
      if (!this.order || !this.clientSecret) return { code: 'missing_attributes', key: 'paymentCode.errors.missing' };
      if (orderIdOf(this.clientSecret.trim()) !== this.order) return { code: 'client_secret_mismatch', key: 'paymentCode.errors.secretMismatch', params: { order: this.order } };
      return undefined;
    }
    if (this.orderUrl && !this.code) {
      if (this.#requestBody() === undefined) return { code: 'invalid_order_request', key: 'paymentCode.errors.orderRequest' };
      return undefined;
    }
    if (!this.code || !this.publishableKey) return { code: 'missing_attributes', key: 'paymentCode.errors.missing' };
    return undefined;
  }

  /** `order-request` parsed; undefined when it is not a JSON object. */
  #requestBody(): Record<string, unknown> | undefined {
    try {
      const body: unknown = JSON.parse(this.orderRequest || '{}');
      return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }

  #url(path: string): string {
    const base = (this.platformUrl || globalThis.location?.origin || '').replace(/\/$/, '');
    return `${base}${path}`;
  }

  #follow(orderId: string): void {
    const secret = this.clientSecret!.trim();
    this.#live = new LiveStatus({
      eventsUrl: this.#url(`/v1/orders/${encodeURIComponent(orderId)}/events?client_secret=${encodeURIComponent(secret)}`),
      poll: async () => asOrder(await call(this.#url(`/v1/orders/${encodeURIComponent(orderId)}`), secret)),
      onOrder: (order) => this.#apply(order),
      onError: (error) => {
        // Unreachable platform: keep polling (it backs off). A refused key or vanished order is final.
        if (error instanceof WidgetApiError && error.code !== 'network' && error.code !== 'server') this.#failFrom(error);
      },
    });
    this.#live.start();
    this.#ticker = setInterval(() => this.#tick(), 1000);
  }

  #stop(): void {
    this.#live?.stop();
    this.#live = undefined;
    if (this.#ticker) clearInterval(this.#ticker);
    this.#ticker = undefined;
  }

  #tick(): void {
    this._now = Date.now();
    const order = this._data as Order | undefined;
    if (!order || order.status !== 'pending') return;
    const left = Date.parse(order.expires_at) - this._now;
    if (left <= 60_000 && left > 0 && this.#warnedExpiry !== order.expires_at) {
      this.#warnedExpiry = order.expires_at;
      this.#announce(this.t('paymentCode.oneMinuteLeft'));
    }
    // The platform decides expiry; at zero, ask it rather than trusting this device's clock.
    if (left <= 0 && this.#checkedExpiry !== order.expires_at) {
      this.#checkedExpiry = order.expires_at;
      void this.#live?.check();
    }
  }

  #apply(order: Order): void {
    const before = this._data?.object === 'order' ? this._data : undefined;
    this._data = order;
    this._now = Date.now();
    this.state = order.status;
    if (before?.status === order.status) return;
    const amount = `¥${fenToAmountString(order.amount)}`;
    if (order.status === 'paid') {
      this.#stop();
      this.#announce(this.t('paymentCode.paidMessage', { amount }));
      this.emit<PaymentCodeOrderDetail>('mashang-paid', { order });
    } else if (order.status === 'expired') {
      this.#stop();
      this.#announce(this.t('paymentCode.expiredMessage'));
      this.emit<PaymentCodeOrderDetail>('mashang-expired', { order });
    } else if (order.status === 'cancelled') {
      this.#stop();
      this.#announce(this.t('paymentCode.cancelledMessage'));
      this.emit<PaymentCodeOrderDetail>('mashang-cancelled', { order });
    }
  }

  #announce(text: string): void {
    // Re-setting identical text would not be announced again; clear first.
    this._announcement = '';
    requestAnimationFrame(() => (this._announcement = text));
  }

  #failFrom(error: unknown): void {
    if (error instanceof WidgetApiError) {
      const keys: Record<WidgetApiError['code'], MessageKey> = {
        not_found: 'paymentCode.errors.notFound',
        unauthorized: 'paymentCode.errors.unauthorized',
        network: 'paymentCode.errors.network',
        server: 'paymentCode.errors.server',
        invalid_answer: 'paymentCode.errors.invalidAnswer',
        conflict: 'paymentCode.errors.server',
      };
      return this.#fail(error.code, keys[error.code], { status: error.status ?? 0 }, error);
    }
    this.#fail('network', 'paymentCode.errors.network', {}, error);
  }

  #fail(code: string, key: MessageKey, params: Record<string, string | number> = {}, cause?: unknown): void {
    this.#stop();
    this.state = 'error';
    this._problem = { code, key, params };
    const message = this.t(key, params);
    this.#announce(message);
    this.emit<MashangErrorDetail>('mashang-error', { code, message, ...(cause === undefined ? {} : { cause }) });
  }

  async #extend(): Promise<void> {
    const order = this._data as Order;
    this._busy = true;
    try {
      const extended = asOrder(
        await call(this.#url(`/v1/orders/${encodeURIComponent(order.id)}/extend`), this.clientSecret!.trim(), { method: 'POST', body: { seconds: EXTEND_SECONDS } }),
      );
      this.#apply(extended);
      const until = new Date(extended.expires_at).toLocaleTimeString(this.locale, { hour: '2-digit', minute: '2-digit' });
      this.#announce(this.t('paymentCode.extended', { time: until }));
    } catch (error) {
      this.#announce(this.t('paymentCode.errors.extend', { message: error instanceof Error ? error.message : String(error) }));
      void this.#live?.check();
    } finally {
      this._busy = false;
    }
  }

  #refresh(): void {
    const order = this._data as Order;
    const go = this.emit<PaymentCodeRefreshDetail>('mashang-refresh-request', { order, reason: order.status === 'cancelled' ? 'cancelled' : 'expired' });
    if (go && this.orderUrl) {
      this.order = undefined;
      this.clientSecret = undefined;
    }
  }

  /** The QR code's text for the current `format`, when there is one to show. */
  get payloadValue(): string | undefined {
    const payload = this._data?.payload;
    if (!payload) return undefined;
    return this.format === 'emv' ? payload.emv : payload.url;
  }

  /** The counter display card (台卡) as an SVG document; undefined until a code or pending order is shown. */
  async cardSvg(): Promise<string | undefined> {
    const value = this.payloadValue;
    const data = this._data;
    if (!value || !data || (this.state !== 'active' && this.state !== 'pending')) return undefined;
    const logo = this.querySelector<HTMLImageElement>('img[slot="logo"]');
    const isOrder = data.object === 'order';
    return cardSvg({
      merchantName: data.merchant_name,
      amount: isOrder ? `¥${fenToAmountString(data.amount)}` : undefined,
      subtitle: data.description,
      qr: encodeQr(value, 'M'),
      caption: this.t('paymentCode.card.scan'),
      note: this.t(isOrder ? 'paymentCode.scanToPay' : 'paymentCode.card.wallets'),
      limit: isOrder ? undefined : this.t('paymentCode.dailyLimit', { limit: `¥${fenToAmountString(data.daily_limit_per_payer)}` }),
      brand: this.t('paymentCode.card.brand'),
      logo: logo?.src ? await imageAsDataUrl(logo.src) : undefined,
      lang: this.locale,
    });
  }

  /** The counter card as a PNG (1200 × 1800 px). */
  async cardPng(): Promise<Blob | undefined> {
    const svg = await this.cardSvg();
    return svg === undefined ? undefined : svgToPng(svg, 2);
  }

  async #download(format: 'png' | 'svg'): Promise<void> {
    const svg = await this.cardSvg();
    if (!svg) return;
    const blob = format === 'svg' ? new Blob([svg], { type: 'image/svg+xml' }) : await svgToPng(svg, 2);
    const filename = `${this._data!.merchant_name}-${this._data!.id}.${format}`;
    if (!this.emit<PaymentCodeDownloadDetail>('mashang-download', { format, blob, filename })) return;
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    a.hidden = true;
    this.renderRoot.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  protected override render(): TemplateResult {
    const data = this._data;
    const name = data?.merchant_name ?? '';
    return html`<section part="base" class="card" aria-busy=${this.state === 'loading' ? 'true' : 'false'} aria-label=${name || this.t('paymentCode.loading')}>
      ${data && this.state !== 'error'
        ? html`<header>
            <span class="logo"><slot name="logo"></slot></span>
            <p class="merchant" part="merchant">${name}</p>
          </header>`
        : nothing}
      ${this.#body()}
      <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this._announcement}</div>
    </section>`;
  }

  #body(): TemplateResult {
    const data = this._data;
    switch (this.state) {
      case 'idle':
      case 'loading':
        return html`<div class="panel loading" part="status"><p>${this.t('paymentCode.loading')}</p></div>`;
      case 'error':
        return html`<div class="panel error" part="status">
            ${icon('error')}
            <p>${this._problem ? this.t(this._problem.key, this._problem.params) : this.t('common.error')}</p>
          </div>
          <div class="actions" part="actions"><button type="button" @click=${() => void this.reload()}>${this.t('common.retry')}</button></div>`;
      case 'active':
        return this.#staticBody(data as PaymentCode);
      case 'disabled':
        return this.#panel('disabled', this.t('paymentCode.disabledMessage'));
      default:
        return this.#orderBody(data as Order);
    }
  }

  #panel(kind: IconName, text: string, action?: TemplateResult): TemplateResult {
    return html`<div class="panel ${kind}" part="status">
        ${icon(kind)}
        <p>${text}</p>
      </div>
      ${action ? html`<div class="actions" part="actions">${action}</div>` : nothing}`;
  }

  #qr(label: string): TemplateResult {
    const size = this.elder ? 280 : 232;
    return html`<div class="qr" part="qr"><mashang-qr .value=${this.payloadValue ?? ''} size=${size} label=${label} lang=${this.locale}></mashang-qr></div>`;
  }

  #downloads(): TemplateResult {
    return html`<div class="actions downloads" part="actions">
      <button type="button" @click=${() => void this.#download('png')}>${this.t('paymentCode.downloadPng')}</button>
      <button type="button" @click=${() => void this.#download('svg')}>${this.t('paymentCode.downloadSvg')}</button>
    </div>`;
  }

  #staticBody(code: PaymentCode): TemplateResult {
    const limit = `¥${fenToAmountString(code.daily_limit_per_payer)}`;
    return html`<p class="amount open" part="amount">${this.t('paymentCode.amountOpen')}</p>
      ${code.description ? html`<p class="description">${code.description}</p>` : nothing}
      ${this.#qr(this.t('paymentCode.qrLabel', { merchant: code.merchant_name }))}
      <p class="hint">${this.t('paymentCode.scanAndEnter')}</p>
      <p class="limit">${this.t('paymentCode.dailyLimit', { limit })}</p>
      ${this.#downloads()}`;
  }

  #orderBody(order: Order): TemplateResult {
    const amount = `¥${fenToAmountString(order.amount)}`;
    const head = html`<p class="amount" part="amount">${amount}</p>
      ${order.description ? html`<p class="description">${order.description}</p>` : nothing}`;
    const refresh = html`<button type="button" class="primary" @click=${() => this.#refresh()}>${this.t('paymentCode.refresh')}</button>`;
    switch (order.status) {
      case 'paid':
        return html`${head}${this.#panel('paid', this.t('paymentCode.paidMessage', { amount }))}`;
      case 'expired':
        return html`${head}${this.#panel('expired', this.t('paymentCode.expiredMessage'), refresh)}`;
      case 'cancelled':
        return html`${head}${this.#panel('cancelled', this.t('paymentCode.cancelledMessage'), refresh)}`;
      default: {
        const left = Date.parse(order.expires_at) - this._now;
        const offerMore = this.elder || left <= EXTEND_OFFER_MS;
        return html`${head}
          ${this.#qr(this.t('paymentCode.qrLabelAmount', { merchant: order.merchant_name, amount }))}
          <p class="hint">${this.t('paymentCode.scanToPay')}</p>
          <span class="badge pending"><span aria-hidden="true">●</span>${this.t('paymentCode.status.pending')}</span>
          <span class="countdown ${left <= 60_000 ? 'urgent' : ''}" part="countdown" role="timer" aria-label=${this.t('paymentCode.countdownLabel')}
            >${this.t('paymentCode.countdown', { time: formatRemaining(left) })}</span
          >
          ${offerMore
            ? html`<div class="actions" part="actions">
                <button type="button" class="primary" ?disabled=${this._busy} @click=${() => void this.#extend()}>
                  ${this.t('paymentCode.extend', { minutes: EXTEND_SECONDS / 60 })}
                </button>
              </div>`
            : nothing}
          ${this.#downloads()}`;
      }
    }
  }
}
