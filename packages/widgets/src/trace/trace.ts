/** @module `<mashang-trace>`: what a consumer sees after scanning an item code (一物一码). */
import { html, nothing, svg, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { bizStepLabel, dispositionLabel, type JourneyEvent, type JourneySensorReading, type PinVerification, type TraceRecord } from '@mashang/sdk';
import { MashangElement, type MashangErrorDetail } from '../internal/mashang-element.js';
import type { MessageKey } from '../internal/localize.js';
import { fetchRecord, TraceApiError, verifyPin } from './api.js';
import { styles } from './trace.styles.js';

/** Detail of `mashang-verified`: a scratch-off PIN was checked and is right. */
export interface TraceVerifiedDetail {
  uri: string;
  /** True on the code's first successful check. */
  firstVerification: boolean;
  /** Successful checks so far, this one included. */
  verificationCount: number;
  /** RFC 3339 time of the first successful check. */
  firstVerifiedAt: string | null;
}

/** Detail of `mashang-loaded`: the record behind the code. */
export interface TraceLoadedDetail {
  record: TraceRecord;
}

/** What the element is doing. */
export type TraceState = 'idle' | 'loading' | 'ready' | 'error';

type PinResult =
  | { kind: 'first' | 'again'; verification: PinVerification }
  | { kind: 'wrong'; remaining: number }
  | { kind: 'locked'; seconds: number }
  | { kind: 'no_pin' | 'empty' | 'format' | 'error'; message?: string };

const PIN_DIGITS = 12;

/** GS1 measurement types the timeline names in words; others show as written. */
const MEASUREMENTS = ['Temperature', 'RelativeHumidity', 'AbsoluteHumidity', 'Illuminance', 'Pressure', 'Acceleration', 'Speed', 'Mass', 'Length', 'Radioactivity'];

/** Symbols of common UN/ECE Rec. 20 unit codes (symbols, not words: the same in every language). */
const UNITS: Record<string, string> = {
  CEL: '°C', FAH: '°F', KEL: 'K', P1: '%', LUX: 'lx', KGM: 'kg', GRM: 'g', MTR: 'm', CMT: 'cm', MMT: 'mm', KMH: 'km/h', MTS: 'm/s', MSK: 'm/s²',
  PAL: 'Pa', KPA: 'kPa', BAR: 'bar', HUR: 'h', MIN: 'min', SEC: 's', A93: 'g/m³', LTR: 'L', PPM: 'ppm',
};

/** A timeline entry: a journey step, or the batch's recall. */
type TimelineEntry = { kind: 'step'; time: string; event: JourneyEvent } | { kind: 'recall'; time: string; reason: string };

const ICONS: Record<string, TemplateResult> = {
  genuine: svg`<path d="M5 12.5l4.5 4.5L19 7.5" fill="none" stroke="currentColor" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round"/>`,
  unknown_code: svg`<path d="M6.5 6.5l11 11M17.5 6.5l-11 11" fill="none" stroke="currentColor" stroke-width="2.6" stroke-linecap="round"/>`,
  recalled: svg`<path d="M12 3.5L22 20.5H2z" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linejoin="round"/><path d="M12 10v5" stroke="currentColor" stroke-width="2.4" stroke-linecap="round"/><circle cx="12" cy="17.8" r="1.3" fill="currentColor"/>`,
  expired: svg`<circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" stroke-width="2.2"/><path d="M12 7v5.5l3.5 2" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"/>`,
};

/**
 * @summary The consumer view of a scanned item code: a genuine / recalled / expired / unknown
 * banner (icon and text, never colour alone), the product and its batch, the merchant, how often
 * the code was checked, risk flags, the scratch-off PIN check and the journey timeline.
 *
 * Without `uri` it shows the code in the page address, which is how the platform's resolver
 * page uses it. Reading the record never counts as a consumer scan: the resolver page counts
 * its own load.
 *
 * @csspart status - The verdict banner.
 * @csspart product - The product card.
 * @csspart merchant - The merchant block.
 * @csspart scans - The scan statistics.
 * @csspart anomalies - The risk flags.
 * @csspart pin - The scratch-off PIN form.
 * @csspart journey - The journey timeline.
 * @cssproperty --mashang-color-success - Genuine banner colour.
 * @cssproperty --mashang-color-danger - Unknown and recalled banner colour.
 * @cssproperty --mashang-color-warning - Expired banner and warnings colour.
 * @fires mashang-trace-loaded - `TraceLoadedDetail`; the record arrived.
 * @fires mashang-verified - `TraceVerifiedDetail`; a scratch-off PIN was checked and is right.
 * @fires mashang-error - `MashangErrorDetail`; the code could not be read or the platform not reached (`invalid_uri`, `network`, `server`, `invalid_answer`, `rate_limited`).
 *
 * @example
 * <mashang-trace uri="https://trace.example.cn/01/06901234567892/10/L1/21/2222225X4T9QK7MZ"></mashang-trace>
 */
export class MashangTrace extends MashangElement {
  static override styles = [...MashangElement.styles, styles];

  static override properties: PropertyDeclarations = {
    uri: {},
    platformUrl: { attribute: 'platform-url' },
    timeZone: { attribute: 'time-zone' },
    record: { attribute: false },
    state: { reflect: true },
    _error: { state: true },
    _pin: { state: true },
    _pinBusy: { state: true },
    _pinResult: { state: true },
  };

  /** The scanned GS1 Digital Link. @default the page address */
  declare uri: string | undefined;
  /** Platform origin to ask; needed only when the code's host is not the platform (e.g. `id.gs1.org`). @default the code's origin */
  declare platformUrl: string | undefined;
  /** IANA time zone of the times shown, e.g. `Asia/Shanghai`. @default the viewer's own */
  declare timeZone: string | undefined;
  /** The record shown; set it to show a record without fetching. */
  declare record: TraceRecord | undefined;
  /** `idle`, `loading`, `ready` or `error` (reflected). */
  declare state: TraceState;
  declare _error: MashangErrorDetail | undefined;
  declare _pin: string;
  declare _pinBusy: boolean;
  declare _pinResult: PinResult | undefined;

  #abort: AbortController | undefined;
  #loadedFor: string | undefined;

  constructor() {
    super();
    this.state = 'idle';
    this._pin = '';
    this._pinBusy = false;
  }

  /** The code in effect: `uri`, else the page address. */
  get code(): string {
    return this.uri || location.href;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('record') && this.record && this.state !== 'ready') this.state = 'ready';
    // Loads start here, inside the update, so the state they set needs no second render.
    const key = `${this.code}\n${this.platformUrl ?? ''}`;
    if (this.#loadedFor === key) return;
    const first = this.#loadedFor === undefined;
    this.#loadedFor = key;
    // A record handed over by the page is shown as is, until `uri` or `platform-url` change.
    if (first && this.record) return;
    void this.#load();
  }

  /** Fetches the record again. */
  refresh(): Promise<void> {
    return this.#load();
  }

  async #load(): Promise<void> {
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.state = 'loading';
    this._error = undefined;
    this._pinResult = undefined;
    // Let the caller attach listeners before any event fires.
    await Promise.resolve();
    try {
      const record = await fetchRecord(this.code, this.platformUrl || undefined, abort.signal);
      if (abort.signal.aborted) return;
      this.record = record;
      this.state = 'ready';
      this.emit<TraceLoadedDetail>('mashang-trace-loaded', { record });
    } catch (error) {
      if (abort.signal.aborted || (error as Error).name === 'AbortError') return;
      this.#fail(error);
    }
  }

  #fail(error: unknown): void {
    const e = error instanceof TraceApiError ? error : new TraceApiError('invalid_answer', String(error));
    const message =
      e.code === 'invalid_uri'
        ? this.t('trace.error.invalidUri', { uri: this.code })
        : e.code === 'network'
          ? this.t('trace.error.network')
          : e.code === 'invalid_answer'
            ? this.t('trace.error.answer')
            : this.t('trace.error.server', { status: e.status ?? '' });
    this._error = { code: e.code, message, cause: error };
    this.record = undefined;
    this.state = 'error';
    this.emit<MashangErrorDetail>('mashang-error', this._error);
  }

  #date(value: string | null | undefined, withTime = false): string {
    if (!value) return '';
    const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00`) : new Date(value);
    return new Intl.DateTimeFormat(this.locale, withTime ? { dateStyle: 'long', timeStyle: 'short', ...this.#zone() } : { dateStyle: 'long' }).format(date);
  }

  /** The `timeZone` option: the element's, else the viewer's own (an unknown zone falls back to it too). */
  #zone(): { timeZone?: string } {
    if (!this.timeZone) return {};
    try {
      new Intl.DateTimeFormat(undefined, { timeZone: this.timeZone });
      return { timeZone: this.timeZone };
    } catch {
      return {};
    }
  }

  /** A journey time in the viewer's time zone (or `timeZone`), e.g. `2026年11月1日 09:00`. */
  #when(value: string): string {
    return new Intl.DateTimeFormat(this.locale, { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...this.#zone() }).format(
      new Date(value),
    );
  }

  async #checkPin(event: Event): Promise<void> {
    event.preventDefault();
    const record = this.record;
    if (!record || this._pinBusy) return;
    const pin = this._pin.replace(/[\s-]/g, '');
    if (!pin) {
      this._pinResult = { kind: 'empty' };
      return;
    }
    if (!new RegExp(`^\\d{${PIN_DIGITS}}$`).test(pin)) {
      this._pinResult = { kind: 'format' };
      return;
    }
    this._pinBusy = true;
    try {
      const result = await verifyPin(record.uri, pin, this.platformUrl || undefined);
      if (result.valid) {
        this._pinResult = { kind: result.first_verification ? 'first' : 'again', verification: result };
        this.emit<TraceVerifiedDetail>('mashang-verified', {
          uri: record.uri,
          firstVerification: result.first_verification,
          verificationCount: result.verification_count,
          firstVerifiedAt: result.first_verified_at,
        });
      } else if (result.reason === 'wrong_pin') {
        this._pinResult = { kind: 'wrong', remaining: result.attempts_remaining ?? 0 };
      } else {
        this._pinResult = { kind: 'no_pin' };
      }
    } catch (error) {
      if (error instanceof TraceApiError && error.code === 'rate_limited') {
        this._pinResult = { kind: 'locked', seconds: error.retryAfter ?? 60 };
      } else {
        const message = error instanceof TraceApiError && error.code === 'network' ? this.t('trace.error.network') : this.t('trace.error.server', { status: (error as TraceApiError).status ?? '' });
        this._pinResult = { kind: 'error', message };
        this.emit<MashangErrorDetail>('mashang-error', { code: error instanceof TraceApiError ? error.code : 'server', message, cause: error });
      }
    } finally {
      this._pinBusy = false;
    }
  }

  protected override render(): TemplateResult {
    if (this.state === 'error') {
      return html`<div class="card" part="status" role="alert">
        <p class="message">${this._error?.message}</p>
        <button type="button" class="primary" @click=${() => void this.refresh()}>${this.t('trace.retry')}</button>
      </div>`;
    }
    const record = this.record;
    if (!record) return html`<div class="card loading" role="status" aria-live="polite">${this.t('trace.loading')}</div>`;
    return html`
      <section class="trace" aria-label=${this.t('trace.title')} aria-busy=${this.state === 'loading' ? 'true' : 'false'}>
        ${this.#status(record)} ${this.#product(record)} ${this.#merchant(record)} ${this.#scans(record)} ${this.#anomalies(record)} ${this.#pinForm(record)}
        ${this.#journey(record)}
      </section>
    `;
  }

  #status(record: TraceRecord): TemplateResult {
    const s = record.status;
    const itemLevel = record.level === 'item';
    const title =
      s === 'genuine' ? this.t(itemLevel ? 'trace.status.genuine' : 'trace.status.registered') : this.t(`trace.status.${s}` as MessageKey);
    const detail =
      s === 'genuine'
        ? this.t(itemLevel ? 'trace.status.genuineDetail' : 'trace.status.registeredDetail')
        : s === 'unknown_code'
          ? this.t('trace.status.unknownDetail')
          : s === 'recalled'
            ? this.t('trace.status.recalledDetail')
            : this.t('trace.status.expiredDetail', { date: this.#date(record.batch?.expiry_date) });
    const recall = record.batch?.recall;
    return html`<div class="status status-${s}" part="status" role="status" aria-live="polite">
      <svg class="icon" viewBox="0 0 24 24" width="32" height="32" aria-hidden="true" focusable="false">${ICONS[s]}</svg>
      <div>
        <p class="status-title">${title}</p>
        <p class="status-detail">${detail}</p>
        ${recall
          ? html`<p class="status-detail"><strong>${this.t('trace.recallReason', { reason: recall.reason })}</strong></p>
              <p class="status-detail">${this.t('trace.recalledAt', { time: this.#date(recall.recalled_at, true) })}</p>`
          : nothing}
      </div>
    </div>`;
  }

  #row(label: string, value: string | null | undefined): TemplateResult | typeof nothing {
    return value ? html`<div class="row"><dt>${label}</dt><dd>${value}</dd></div>` : nothing;
  }

  #product(record: TraceRecord): TemplateResult | typeof nothing {
    const p = record.product;
    if (!p) return nothing;
    const image = p.images.find((src) => /^https?:\/\//.test(src));
    return html`<section class="card product" part="product" aria-labelledby="product-name">
      ${image ? html`<img class="image" src=${image} alt=${this.t('trace.product.image', { name: p.name })} loading="lazy" referrerpolicy="no-referrer" />` : nothing}
      <div>
        <h2 id="product-name" class="name">${p.name}</h2>
        <dl>
          ${this.#row(this.t('trace.product.brand'), p.brand)} ${this.#row(this.t('trace.product.specification'), p.specification)}
          ${this.#row(this.t('trace.product.origin'), p.origin)} ${this.#row(this.t('trace.product.gtin'), p.gtin)}
          ${this.#row(this.t('trace.product.lot'), record.batch?.lot)}
          ${this.#row(this.t('trace.product.productionDate'), this.#date(record.batch?.production_date))}
          ${this.#row(this.t('trace.product.expiryDate'), this.#date(record.batch?.expiry_date))}
          ${this.#row(this.t('trace.product.serial'), record.item?.serial)}
        </dl>
        ${p.description ? html`<p class="description">${p.description}</p>` : nothing}
      </div>
    </section>`;
  }

  #merchant(record: TraceRecord): TemplateResult | typeof nothing {
    const m = record.merchant;
    if (!m) return nothing;
    return html`<section class="card" part="merchant" aria-labelledby="merchant-heading">
      <h2 id="merchant-heading">${this.t('trace.merchant.heading')}</h2>
      <p class="merchant-name">${m.name}</p>
      <dl>
        ${this.#row(this.t('trace.merchant.uscc'), m.uscc)}
        ${this.#row(this.t('trace.merchant.credit'), m.credit_grade ? this.t('trace.merchant.creditGrade', { grade: m.credit_grade }) : null)}
      </dl>
    </section>`;
  }

  #scans(record: TraceRecord): TemplateResult | typeof nothing {
    const scans = record.scans;
    if (!scans) return nothing;
    const text =
      scans.count === 0 ? this.t('trace.scans.none') : scans.count === 1 ? this.t('trace.scans.first') : this.t('trace.scans.many', { count: scans.count, time: this.#date(scans.first_scan_at, true) });
    return html`<section class="card scans" part="scans" aria-labelledby="scans-heading">
      <h2 id="scans-heading">${this.t('trace.scans.heading')}</h2>
      <p>${text}</p>
    </section>`;
  }

  #anomalies(record: TraceRecord): TemplateResult | typeof nothing {
    if (record.anomalies.length === 0) return nothing;
    return html`<section class="card anomalies" part="anomalies" role="alert" aria-labelledby="anomalies-heading">
      <h2 id="anomalies-heading">
        <svg class="icon small" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">${ICONS['recalled']}</svg>${this.t('trace.anomalies.heading')}
      </h2>
      <ul>
        ${record.anomalies.map((a) => html`<li>${this.t(`trace.anomalies.${a.code}` as MessageKey, { detail: a.detail })}</li>`)}
      </ul>
    </section>`;
  }

  #pinMessage(): TemplateResult | typeof nothing {
    const r = this._pinResult;
    if (this._pinBusy) return html`${this.t('trace.pin.checking')}`;
    if (!r) return nothing;
    switch (r.kind) {
      case 'first':
        return html`<span class="ok">✔ ${this.t('trace.pin.first')}</span>`;
      case 'again':
        return html`<span class="warn">⚠ ${this.t('trace.pin.again', { count: r.verification.verification_count, time: this.#date(r.verification.first_verified_at, true) })}</span>`;
      case 'wrong':
        return html`<span class="bad">✖ ${r.remaining > 0 ? this.t('trace.pin.wrong', { remaining: r.remaining }) : this.t('trace.pin.wrongLast')}</span>`;
      case 'locked':
        return html`<span class="bad">✖ ${this.t('trace.pin.locked', { seconds: r.seconds })}</span>`;
      case 'no_pin':
        return html`<span class="warn">${this.t('trace.pin.noPin')}</span>`;
      case 'empty':
        return html`<span class="bad">${this.t('trace.pin.empty')}</span>`;
      case 'format':
        return html`<span class="bad">${this.t('trace.pin.format')}</span>`;
      default:
        return html`<span class="bad">${r.message}</span>`;
    }
  }

  #pinForm(record: TraceRecord): TemplateResult | typeof nothing {
    if (!record.item?.has_pin || record.status === 'unknown_code') return nothing;
    const invalid = this._pinResult && ['wrong', 'empty', 'format'].includes(this._pinResult.kind);
    return html`<section class="card" part="pin" aria-labelledby="pin-heading">
      <h2 id="pin-heading">${this.t('trace.pin.heading')}</h2>
      <form @submit=${(e: Event) => void this.#checkPin(e)} novalidate>
        <label for="pin">${this.t('trace.pin.label')}</label>
        <p id="pin-help" class="help">${this.t('trace.pin.help')}</p>
        <div class="pin-row">
          <input
            id="pin"
            name="pin"
            inputmode="numeric"
            autocomplete="off"
            spellcheck="false"
            maxlength="20"
            aria-describedby="pin-help pin-result"
            aria-invalid=${invalid ? 'true' : 'false'}
            .value=${this._pin}
            @input=${(e: Event) => (this._pin = (e.target as HTMLInputElement).value)}
          />
          <button type="submit" class="primary" ?disabled=${this._pinBusy}>${this.t('trace.pin.submit')}</button>
        </div>
        <p id="pin-result" class="pin-result" role="status" aria-live="polite">${this.#pinMessage()}</p>
      </form>
    </section>`;
  }

  #stepLabel(event: JourneyEvent): string {
    const step = event.biz_step;
    if (!step) return this.t('trace.journey.unnamedStep');
    const label = bizStepLabel(step, this.locale);
    // A company's own step is a URI: show its last segment rather than the whole address.
    return label === step && /[:/]/.test(step) ? (step.split(/[/#:]/).filter(Boolean).at(-1) ?? step).replace(/[-_]/g, ' ') : label;
  }

  /** The place of a step: its name from the merchant's master data, else the GLN it names, else the identifier. */
  #place(event: JourneyEvent): string | null {
    const location = event.location;
    if (!location) return null;
    if (location.name) return location.name;
    const gln = /\/414\/(\d{13})(?:\/254\/([^/?#]+))?/.exec(location.id);
    if (gln) return gln[2] ? this.t('trace.journey.glnExtension', { gln: gln[1]!, extension: decodeURIComponent(gln[2]) }) : this.t('trace.journey.gln', { gln: gln[1]! });
    return location.id;
  }

  #reading(r: JourneySensorReading): TemplateResult {
    const type = r.type ?? '';
    const name = MEASUREMENTS.includes(type) ? this.t(`trace.journey.measurement.${type}` as MessageKey) : type.replace(/([a-z])([A-Z])/g, '$1 $2') || this.t('trace.journey.reading');
    const unit = r.uom ? (UNITS[r.uom] ?? r.uom) : '';
    const number = (n: number) => `${new Intl.NumberFormat(this.locale, { maximumFractionDigits: 2 }).format(n)}${unit === '%' || unit.startsWith('°') ? '' : unit ? '\u00a0' : ''}${unit}`;
    const value =
      r.value !== null
        ? number(r.value)
        : r.min_value !== null && r.max_value !== null
          ? this.t('trace.journey.range', { min: number(r.min_value), max: number(r.max_value) })
          : r.mean_value !== null
            ? this.t('trace.journey.mean', { mean: number(r.mean_value) })
            : (r.max_value ?? r.min_value) !== null
              ? number((r.max_value ?? r.min_value)!)
              : '';
    const alarm = r.exception ? html` <strong class="alarm">⚠ ${this.t(r.exception === 'ERROR_CONDITION' ? 'trace.journey.sensorError' : 'trace.journey.alarm')}</strong>` : nothing;
    return html`<li>${name}${value ? html` <span class="reading">${value}</span>` : nothing}${alarm}</li>`;
  }

  #timeline(record: TraceRecord): TimelineEntry[] {
    const entries: TimelineEntry[] = record.journey.map((event) => ({ kind: 'step', time: event.time, event }));
    const recall = record.batch?.recall;
    if (recall) entries.push({ kind: 'recall', time: recall.recalled_at, reason: recall.reason });
    return entries.sort((a, b) => a.time.localeCompare(b.time));
  }

  #step(event: JourneyEvent): TemplateResult {
    const place = this.#place(event);
    const sensors = event.sensors ?? [];
    const alarm = sensors.some((r) => r.exception);
    return html`<li class=${alarm ? 'step-alarm' : ''}>
      <span class="dot" aria-hidden="true"></span>
      <p class="step">${this.#stepLabel(event)}</p>
      <p class="muted"><time datetime=${event.time}>${this.#when(event.time)}</time>${place ? html` · <span class="place">${place}</span>` : nothing}</p>
      ${event.disposition ? html`<p class="disposition">${this.t('trace.journey.disposition', { state: dispositionLabel(event.disposition, this.locale) })}</p>` : nothing}
      ${event.via === 'container' ? html`<p class="muted">${this.t('trace.journey.inContainer')}</p>` : nothing}
      ${sensors.length > 0
        ? html`<ul class="sensors" aria-label=${this.t('trace.journey.sensors')}>
            ${sensors.map((r) => this.#reading(r))}
          </ul>`
        : nothing}
    </li>`;
  }

  #journey(record: TraceRecord): TemplateResult | typeof nothing {
    if (record.status === 'unknown_code' || record.level === 'product') return nothing;
    const entries = this.#timeline(record);
    return html`<section class="card" part="journey" aria-labelledby="journey-heading">
      <h2 id="journey-heading">${this.t('trace.journey.heading')}</h2>
      ${entries.length === 0
        ? html`<p class="muted">${this.t('trace.journey.empty')}</p>`
        : html`<ol class="timeline">
            ${entries.map((entry) =>
              entry.kind === 'step'
                ? this.#step(entry.event)
                : html`<li class="recall">
                    <span class="dot" aria-hidden="true"></span>
                    <p class="step">
                      <svg class="icon small" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">${ICONS['recalled']}</svg>${this.t('trace.journey.recall')}
                    </p>
                    <p class="muted"><time datetime=${entry.time}>${this.#when(entry.time)}</time></p>
                    <p class="disposition"><strong>${this.t('trace.recallReason', { reason: entry.reason })}</strong></p>
                  </li>`,
            )}
          </ol>`}
    </section>`;
  }
}
