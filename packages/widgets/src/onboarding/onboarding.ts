/** @module `<mashang-onboarding>`: the merchant onboarding (入驻) form, from subject type to approval. */
import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { isApiError, ValidationError, type Application, type DocumentType } from '@mashang/sdk';
import { MashangElement, type MashangErrorDetail } from '../internal/mashang-element.js';
import type { MessageKey } from '../internal/localize.js';
import { OnboardingApi, applicationIdOf, mintSession } from './api.js';
import { Draft } from './draft.js';
import { FIELDS, STEPS, inputFor, stepOf, valuesFrom, type FormStep, type StepId } from './fields.js';
import { styles } from './onboarding.styles.js';
import { labelOf, requirementMessage } from './validate.js';
import { idOf, renderDocuments, renderFields, renderReview, renderStatus, type UploadState, type ViewContext } from './views.js';

/** Detail of `mashang-step-change`. */
export interface OnboardingStepChangeDetail {
  step: StepId;
  /** 0-based position in the steps. */
  index: number;
}
/** Detail of `mashang-submitted`. */
export interface OnboardingSubmittedDetail {
  application: Application;
}
/** Detail of `mashang-status-change`. */
export interface OnboardingStatusChangeDetail {
  status: Application['status'];
  previous: Application['status'];
  application: Application;
}

const MAX_BYTES = 5 * 1024 * 1024;
const ACCEPTED = ['image/jpeg', 'image/png', 'application/pdf'];
const PURPOSE: Record<DocumentType, 'business_license' | 'identity_document' | 'store_photo' | 'account_proof'> = {
  business_license: 'business_license',
  id_card_front: 'identity_document',
  id_card_back: 'identity_document',
  store_front: 'store_photo',
  store_interior: 'store_photo',
  account_proof: 'account_proof',
};

/**
 * @summary Walks a merchant through onboarding: subject type → business → legal representative →
 * store location → settlement account → documents → review & submit → review status. Saves the
 * draft as it goes and resumes it; shows the reviewer's requests next to the fields.
 *
 * Give it a client secret minted by your server (`POST /v1/onboarding/sessions`); it never needs a
 * secret key.
 *
 * @fires mashang-step-change - `OnboardingStepChangeDetail`: a new step is shown.
 * @fires mashang-submitted - `OnboardingSubmittedDetail`: the application was submitted for review.
 * @fires mashang-status-change - `OnboardingStatusChangeDetail`: the review status changed (in review, approved, …).
 * @fires mashang-error - `MashangErrorDetail`: loading, saving or uploading failed (`session_expired`, `network`, `upload_failed`, …).
 *
 * @csspart base - The whole form.
 * @csspart stepper - The list of steps.
 * @csspart field - One field (label, input, messages).
 * @csspart field-error - A field's error message.
 * @csspart document - One document upload row.
 * @csspart upload-button - The button that chooses a document.
 * @csspart requirements - A list of things to fix.
 * @csspart status - The review status banner.
 * @csspart next - The Next / Submit button.
 * @csspart locate-button - The button that fills the store's position from the device.
 *
 * @cssproperty --mashang-color-primary - Buttons and the current step.
 * @cssproperty --mashang-color-danger - Error messages.
 * @cssproperty --mashang-target-size - Minimum height of inputs and buttons (60px in elder mode).
 *
 * @example
 * <mashang-onboarding client-secret="app_…_secret_…" base-url="https://pay.example.cn"></mashang-onboarding>
 */
export class MashangOnboarding extends MashangElement {
  static override styles = [...MashangElement.styles, styles];

  static override properties: PropertyDeclarations = {
    ...MashangElement.properties,
    clientSecret: { attribute: 'client-secret' },
    sessionUrl: { attribute: 'session-url' },
    baseUrl: { attribute: 'base-url' },
    pollInterval: { attribute: 'poll-interval', type: Number },
    step: { reflect: true },
  };

  /** The client secret for one application, from your server. */
  declare clientSecret: string;
  /**
   * Instead of `client-secret`: your server's endpoint that mints one. The element POSTs to it
   * (with the page's cookies) and expects `{ client_secret, platform_url? }`; it asks again when
   * the secret expires, so a long form never times out silently.
   */
  declare sessionUrl: string;
  /** The platform's origin, e.g. `https://pay.example.cn`. @default the session's `platform_url`, else the page's origin */
  declare baseUrl: string;
  /** How often the review status is checked while pending, in ms. @default 2000 */
  declare pollInterval: number;
  /** The step shown (read-only; reflected for styling). */
  declare step: StepId;

  #api: OnboardingApi | undefined;
  readonly #draft = new Draft(
    (key, params) => this.t(key, params),
    () => this.requestUpdate(),
    () => this.#renew(),
  );
  #uploads = new Map<DocumentType, UploadState>();
  #summary: string[] = [];
  #fatal: MashangErrorDetail | undefined;
  #loading = false;
  #busy = false;
  #pollTimer: ReturnType<typeof setTimeout> | undefined;
  #focusAfterRender: string | undefined;
  #locating: 'idle' | 'busy' | 'done' | 'failed' = 'idle';

  constructor() {
    super();
    this.clientSecret = '';
    this.sessionUrl = '';
    this.baseUrl = '';
    this.pollInterval = 2000;
    this.step = 'subject';
  }

  /** The application as last loaded (masked). */
  get application(): Application | undefined {
    return this.#draft.app;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#pollTimer);
    this.#draft.dispose();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if ((changed.has('clientSecret') || changed.has('baseUrl') || changed.has('sessionUrl')) && this.isConnected) void this.#load();
  }

  protected override updated(): void {
    const target = this.#focusAfterRender;
    if (target === undefined) return;
    this.#focusAfterRender = undefined;
    const selector = target === '' ? '#step-heading' : target === 'summary' ? '#summary' : `#${idOf(target)}`;
    const el = this.renderRoot.querySelector<HTMLElement>(selector);
    const focusable = el?.matches('fieldset') ? el.querySelector<HTMLElement>('input:checked, input') : el?.matches('input[type=file]') ? (el.nextElementSibling as HTMLElement) : el;
    focusable?.focus();
  }

  #fail(code: string, messageKey: MessageKey, cause?: unknown, params?: Record<string, string | number>): MashangErrorDetail {
    const detail = { code, message: this.t(messageKey, params), cause };
    this.emit<MashangErrorDetail>('mashang-error', detail);
    return detail;
  }

  #errorOf(error: unknown): MashangErrorDetail {
    if (isApiError(error) && error.status === 401) return this.#fail('session_expired', 'onboarding.errors.session', error);
    if (isApiError(error)) return this.#fail(error.code, 'onboarding.errors.generic', error, { message: error.message });
    if (error instanceof ValidationError) return this.#fail('invalid', 'onboarding.errors.generic', error, { message: error.message });
    return this.#fail('network', 'onboarding.errors.network', error);
  }

  /** A new client secret from `session-url`, for the same application; undefined when there is no way to get one. */
  async #renew(): Promise<OnboardingApi | undefined> {
    if (!this.sessionUrl || this.clientSecret || !this.#api) return undefined;
    const minted = await mintSession(this.sessionUrl);
    const id = applicationIdOf(minted.secret);
    if (id !== this.#api.applicationId) return undefined;
    this.#api = new OnboardingApi(minted.secret, this.baseUrl || minted.platformUrl || location.origin, id);
    return this.#api;
  }

  /** Calls the platform; when the client secret has expired and `session-url` can mint another, once more with it. */
  async #call<T>(fn: (api: OnboardingApi) => Promise<T>): Promise<T> {
    try {
      return await fn(this.#api!);
    } catch (error) {
      if (!(isApiError(error) && error.status === 401)) throw error;
      const renewed = await this.#renew().catch(() => undefined);
      if (!renewed) throw error;
      return fn(renewed);
    }
  }

  async #load(retried = false): Promise<void> {
    clearTimeout(this.#pollTimer);
    this.#fatal = undefined;
    this.#loading = true;
    this.requestUpdate();
    let secret = this.clientSecret ?? '';
    let base = this.baseUrl;
    try {
      if (!secret && this.sessionUrl) {
        const minted = await mintSession(this.sessionUrl);
        secret = minted.secret;
        base ||= minted.platformUrl ?? '';
      }
    } catch (error) {
      this.#loading = false;
      this.#fatal = this.#fail('network', 'onboarding.errors.network', error);
      this.requestUpdate();
      return;
    }
    const id = applicationIdOf(secret);
    if (!id) {
      this.#loading = false;
      this.#draft.app = undefined;
      if (secret || this.sessionUrl) this.#fatal = this.#fail('session_expired', 'onboarding.errors.session');
      this.requestUpdate();
      return;
    }
    this.#api = new OnboardingApi(secret, base || location.origin, id);
    try {
      const app = await this.#api.retrieve();
      this.#draft.reset(this.#api, app);
      this.#goTo(this.#resumeStep(app), false, undefined, true);
      this.#pollIfPending();
    } catch (error) {
      if (isApiError(error) && error.status === 401 && this.sessionUrl && !this.clientSecret && !retried) return this.#load(true);
      this.#fatal = this.#errorOf(error);
    } finally {
      this.#loading = false;
      this.requestUpdate();
    }
  }

  #resumeStep(app: Application): StepId {
    if (app.status !== 'draft') return 'status';
    const steps = app.requirements.map((r) => STEPS.indexOf(stepOf(r.field)));
    return steps.length === 0 ? 'review' : STEPS[Math.min(...steps)]!;
  }

  #goTo(step: StepId, focus = true, field?: string, announce = false): void {
    this.#summary = [];
    if (this.step !== step || announce) {
      this.step = step;
      this.emit<OnboardingStepChangeDetail>('mashang-step-change', { step, index: STEPS.indexOf(step) });
    }
    if (focus) this.#focusAfterRender = field ?? '';
    this.requestUpdate();
  }

  /** Moves to a requirement's field and shows its message there. */
  #goToField(field: string): void {
    const key = inputFor(field);
    const requirement = this.#draft.app?.requirements.find((r) => r.field === field);
    if (requirement) this.#draft.errors.set(key, requirementMessage(this.t.bind(this), requirement, this.#draft.values));
    this.#goTo(stepOf(field), true, key);
  }

  async #next(): Promise<void> {
    if (this.#busy) return;
    const step = this.step as FormStep;
    const bad = this.#draft.checkStep(step);
    if (bad.length > 0) return this.#showSummary(bad);
    this.#busy = true;
    try {
      const saved = await this.#draft.save();
      if (saved === 'expired') this.#fatal = this.#fail('session_expired', 'onboarding.errors.session');
      else if (saved === 'refused') this.#showSummary([...this.#draft.errors.keys()].filter((k) => FIELDS.some((f) => f.key === k && f.step === step)));
      else this.#goTo(STEPS[STEPS.indexOf(step) + 1]!);
    } finally {
      this.#busy = false;
      this.requestUpdate();
    }
  }

  #showSummary(keys: string[]): void {
    this.#summary = keys;
    this.#focusAfterRender = 'summary';
    this.requestUpdate();
  }

  async #back(): Promise<void> {
    await this.#draft.save();
    this.#goTo(STEPS[Math.max(0, STEPS.indexOf(this.step) - 1)]!);
  }

  async #submit(): Promise<void> {
    if (this.#busy || !this.#api) return;
    this.#busy = true;
    this.requestUpdate();
    try {
      await this.#draft.save();
      const previous = this.#draft.app?.status ?? 'draft';
      this.#draft.app = await this.#call((api) => api.submit());
      this.emit<OnboardingSubmittedDetail>('mashang-submitted', { application: this.#draft.app });
      this.#statusChanged(previous);
      this.#goTo('status');
      this.#pollIfPending();
    } catch (error) {
      if (isApiError(error) && error.code === 'application_incomplete') {
        this.#draft.app = await this.#call((api) => api.retrieve()).catch(() => this.#draft.app);
        this.#focusAfterRender = '';
      } else {
        this.#fatal = this.#errorOf(error);
      }
    } finally {
      this.#busy = false;
      this.requestUpdate();
    }
  }

  #statusChanged(previous: Application['status']): void {
    if (this.#draft.app && this.#draft.app.status !== previous) {
      this.emit<OnboardingStatusChangeDetail>('mashang-status-change', { status: this.#draft.app.status, previous, application: this.#draft.app });
    }
  }

  async #refresh(): Promise<void> {
    if (!this.#api) return;
    const previous = this.#draft.app?.status ?? 'draft';
    try {
      this.#draft.app = await this.#call((api) => api.retrieve());
      this.#statusChanged(previous);
      if (this.#draft.app.status === 'action_required') this.#draft.values = { ...valuesFrom(this.#draft.app), ...this.#draft.values };
    } catch (error) {
      this.#errorOf(error);
    }
    this.requestUpdate();
    this.#pollIfPending();
  }

  #pollIfPending(): void {
    clearTimeout(this.#pollTimer);
    const status = this.#draft.app?.status;
    if (status !== 'submitted' && status !== 'in_review') return;
    this.#pollTimer = setTimeout(() => void this.#refresh(), this.pollInterval);
  }

  async #onFile(type: DocumentType, input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    input.value = '';
    if (!file || !this.#api) return;
    const key = `documents.${type}`;
    this.#draft.errors.delete(key);
    if (file.size > MAX_BYTES) {
      this.#draft.errors.set(key, this.t('onboarding.documents.tooLarge', { size: (file.size / 1048576).toFixed(1) }));
    } else if (!ACCEPTED.includes(file.type) && !/\.(jpe?g|png|pdf)$/i.test(file.name)) {
      this.#draft.errors.set(key, this.t('onboarding.documents.wrongType'));
    }
    if (this.#draft.errors.has(key)) return this.requestUpdate();
    this.#uploads.set(type, { name: file.name, progress: 0 });
    this.requestUpdate();
    try {
      const progress = (fraction: number) => {
        this.#uploads.set(type, { name: file.name, progress: fraction });
        this.requestUpdate();
      };
      const uploaded = await this.#call((api) => api.upload(file, file.name, PURPOSE[type], progress));
      this.#draft.app = await this.#call((api) => api.update({ documents: { [type]: uploaded.id } }));
      this.#uploads.set(type, { name: file.name, progress: 1 });
    } catch (error) {
      const code = isApiError(error) ? error.code : 'network';
      const message =
        code === 'file_type_unsupported' ? this.t('onboarding.documents.wrongType')
        : code === 'file_too_large' || code === 'body_too_large' ? this.t('onboarding.documents.tooLarge', { size: (file.size / 1048576).toFixed(1) })
        : this.t('onboarding.documents.failed', { message: this.#errorOf(error).message });
      this.#uploads.delete(type);
      this.#draft.errors.set(key, message);
      if (code === 'file_type_unsupported' || code === 'file_too_large') this.emit<MashangErrorDetail>('mashang-error', { code: 'upload_failed', message, cause: error });
    }
    this.requestUpdate();
  }

  /** Fills latitude and longitude from the device; they are WGS-84, so the coordinate system is set to match. */
  #locate(): void {
    if (!navigator.geolocation) {
      this.#locating = 'failed';
      return this.requestUpdate();
    }
    this.#locating = 'busy';
    this.requestUpdate();
    navigator.geolocation.getCurrentPosition(
      ({ coords }) => {
        const set = (key: string, value: string) => {
          this.#draft.input(key, value);
          this.#draft.commit(key);
        };
        set('business.location.latitude', coords.latitude.toFixed(6));
        set('business.location.longitude', coords.longitude.toFixed(6));
        set('business.location.coordinate_system', 'WGS-84');
        this.#locating = 'done';
        this.requestUpdate();
      },
      () => {
        this.#locating = 'failed';
        this.requestUpdate();
      },
      { enableHighAccuracy: true, timeout: 10_000, maximumAge: 60_000 },
    );
  }

  #context(): ViewContext {
    return {
      t: this.t.bind(this),
      locale: this.locale,
      values: this.#draft.values,
      app: this.#draft.app,
      errors: this.#draft.errors,
      notes: this.#draft.notes,
      uploads: this.#uploads,
      onInput: (k, v) => (this.#draft.input(k, v), this.requestUpdate()),
      onCommit: (k) => (this.#draft.commit(k), this.requestUpdate()),
      onFile: (type, input) => void this.#onFile(type, input),
      goToField: (field) => this.#goToField(field),
      goToStep: (step) => this.#goTo(step),
      locate: () => this.#locate(),
      locating: this.#locating,
    };
  }

  #renderSummary(): unknown {
    // A problem fixed since Next was pressed leaves the list.
    this.#summary = this.#summary.filter((key) => this.#draft.errors.has(key));
    if (this.#summary.length === 0) return nothing;
    const t = this.t.bind(this);
    return html`<div class="summary" role="alert" part="summary">
      <p id="summary" tabindex="-1">${t('onboarding.summaryTitle', { count: this.#summary.length })}</p>
      <ul>
        ${this.#summary.map(
          (key) => html`<li><button type="button" class="link" @click=${() => ((this.#focusAfterRender = key), this.requestUpdate())}>
            ${key.startsWith('documents.') ? t(`onboarding.documents.${key.slice(10)}` as MessageKey) : labelOf(t, key, this.#draft.values)}：${this.#draft.errors.get(key) ?? ''}
          </button></li>`,
        )}
      </ul>
    </div>`;
  }

  #renderStepper(): unknown {
    const current = STEPS.indexOf(this.step);
    return html`<ol class="stepper" part="stepper">
      ${STEPS.map(
        (s, i) => html`<li class=${i < current ? 'done' : i === current ? 'current' : ''} aria-current=${i === current ? 'step' : 'false'}>
          <span class="dot" aria-hidden="true">${i < current ? '✓' : i + 1}</span><span class="name">${this.t(`onboarding.steps.${s}` as MessageKey)}</span>
        </li>`,
      )}
    </ol>`;
  }

  #renderBody(ctx: ViewContext): unknown {
    switch (this.step) {
      case 'review':
        return renderReview(ctx);
      case 'status':
        return renderStatus(ctx, () => void this.#refresh());
      case 'documents':
        return renderDocuments(ctx);
      default:
        return renderFields(ctx, this.step);
    }
  }

  protected override render(): unknown {
    const t = this.t.bind(this);
    if (this.#fatal) {
      return html`<div class="base" part="base"><div class="fatal" role="alert"><p>${this.#fatal.message}</p>
        <button type="button" @click=${() => void this.#load()}>${t('common.retry')}</button></div></div>`;
    }
    if (!this.#draft.app) return html`<div class="base" part="base"><p role="status">${this.#loading ? t('onboarding.loading') : ''}</p></div>`;
    const index = STEPS.indexOf(this.step);
    const ctx = this.#context();
    const editable = this.#draft.app.status === 'draft' || this.#draft.app.status === 'action_required';
    const saveText =
      this.#draft.state === 'saving' ? t('onboarding.save.saving') : this.#draft.state === 'saved' ? t('onboarding.save.saved') : this.#draft.state === 'failed' ? t('onboarding.save.failed', { message: this.#draft.failure }) : '';
    return html`<section class="base" part="base" aria-labelledby="title">
      <header>
        <h2 id="title">${t('onboarding.title')}</h2>
        <p class="progress">${t('onboarding.stepOf', { index: index + 1, total: STEPS.length })}</p>
        ${this.#renderStepper()}
      </header>
      <p class="save-state" role="status">${this.step === 'status' ? '' : saveText}</p>
      ${this.#renderSummary()}
      <form novalidate @submit=${(e: Event) => (e.preventDefault(), this.step === 'review' ? void this.#submit() : void this.#next())}>
        <h3 id="step-heading" tabindex="-1">${t(`onboarding.steps.${this.step}` as MessageKey)}</h3>
        <div class="body">${this.#renderBody(ctx)}</div>
        <div class="actions">
          ${index > 0 && this.step !== 'status' ? html`<button type="button" @click=${() => void this.#back()}>${t('onboarding.nav.back')}</button>` : nothing}
          ${this.step === 'status' || !editable ? nothing : html`<button type="submit" class="primary" part="next" ?disabled=${this.#busy}>${this.step === 'review' ? t('onboarding.nav.submit') : t('onboarding.nav.next')}</button>`}
        </div>
      </form>
    </section>`;
  }
}
