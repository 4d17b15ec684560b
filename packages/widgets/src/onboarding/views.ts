/** @module Templates of `<mashang-onboarding>`'s fields, documents, review and status panels. */
import { html, nothing, type TemplateResult } from 'lit';
import { BUSINESS_CATEGORIES, type Application, type DocumentType, type Requirement } from '@mashang/sdk';
import type { Locale, MessageKey } from '../internal/localize.js';
import { FIELDS, documentsFor, fieldName, inputFor, type FieldDef, type FormStep, type StepId, type Values } from './fields.js';
import { labelOf, requirementMessage, type Translate } from './validate.js';

/** An upload in progress or done, by document type. */
export interface UploadState {
  name?: string;
  progress?: number;
  error?: string;
}

/** What the templates read from the element and call back into. */
export interface ViewContext {
  t: Translate;
  locale: Locale;
  values: Values;
  app: Application | undefined;
  errors: Map<string, string>;
  notes: Map<string, string>;
  uploads: Map<DocumentType, UploadState>;
  onInput(key: string, value: string): void;
  onCommit(key: string): void;
  onFile(type: DocumentType, input: HTMLInputElement): void;
  goToField(field: string): void;
  goToStep(step: StepId): void;
  /** Fills the position from the device (WGS-84). */
  locate(): void;
  /** 'idle', 'busy', 'done' or 'failed'. */
  locating: 'idle' | 'busy' | 'done' | 'failed';
}

/** A DOM id for a field key. */
export const idOf = (key: string) => `f-${key.replace(/\./g, '-')}`;

function maskedOf(app: Application | undefined, key: string): string | null {
  if (!app) return null;
  if (key === 'legal_representative.id_number') return app.legal_representative.id_number;
  if (key === 'settlement_account.account_number') return app.settlement_account.account_number;
  return null;
}

function optionLabel(ctx: ViewContext, def: FieldDef, option: { value: string; labelKey?: string; label?: string }): string {
  if (def.key === 'business.mcc') {
    const category = BUSINESS_CATEGORIES.find((c) => c.mcc === option.value);
    return category ? (ctx.locale === 'en' ? category.en : category.zh) : option.value;
  }
  if (option.labelKey) return ctx.t(`onboarding.fields.${option.labelKey}` as MessageKey);
  if (def.key === 'subject_type') return ctx.t(`onboarding.subject.${option.value}` as MessageKey);
  return option.label ?? option.value;
}

function message(ctx: ViewContext, key: string): TemplateResult {
  const error = ctx.errors.get(key);
  const note = ctx.notes.get(key);
  // Polite live region: the exact wrong character is announced as the user types.
  return html`<p id=${`${idOf(key)}-msg`} class=${error ? 'error' : 'note'} part=${error ? 'field-error' : 'field-note'} aria-live="polite">
    ${error ? html`<span aria-hidden="true">⚠ </span>${error}` : (note ?? nothing)}
  </p>`;
}

function describedBy(key: string, hint: boolean): string {
  return [hint ? `${idOf(key)}-hint` : '', `${idOf(key)}-msg`].filter(Boolean).join(' ');
}

function renderField(ctx: ViewContext, def: FieldDef): TemplateResult | typeof nothing {
  if (def.when && !def.when(ctx.values)) return nothing;
  const id = idOf(def.key);
  const label = labelOf(ctx.t, def.key, ctx.values);
  const value = ctx.values[def.key] ?? '';
  const invalid = ctx.errors.has(def.key) ? 'true' : 'false';
  const hintKey = def.hint ? (`onboarding.fields.${fieldName(def.key)}Hint` as MessageKey) : undefined;
  const hint = hintKey ? html`<p id=${`${id}-hint`} class="hint">${ctx.t(hintKey)}</p>` : nothing;
  if (def.kind === 'radio') {
    const options = def.options!(ctx.values);
    return html`<fieldset class="field radios" part="field" id=${id} aria-describedby=${`${id}-msg`}>
      <legend>${def.key === 'subject_type' ? ctx.t('onboarding.subject.legend') : label}</legend>
      ${options.map(
        (o) => html`<label class="radio">
          <input type="radio" name=${def.key} .value=${o.value} .checked=${value === o.value} aria-invalid=${invalid}
            @change=${() => {
              ctx.onInput(def.key, o.value);
              ctx.onCommit(def.key);
            }} />
          <span>
            <span class="radio-label">${optionLabel(ctx, def, o)}</span>
            ${def.key === 'subject_type' ? html`<span class="radio-hint">${ctx.t(`onboarding.subject.${o.value}Hint` as MessageKey)}</span>` : nothing}
          </span>
        </label>`,
      )}
      ${message(ctx, def.key)}
    </fieldset>`;
  }
  if (def.kind === 'select') {
    const options = def.options!(ctx.values);
    return html`<div class="field" part="field">
      <label for=${id}>${label}</label>
      <select id=${id} aria-invalid=${invalid} aria-describedby=${describedBy(def.key, false)}
        @change=${(e: Event) => {
          ctx.onInput(def.key, (e.target as HTMLSelectElement).value);
          ctx.onCommit(def.key);
        }}>
        <option value="" ?selected=${value === ''}>${ctx.t('onboarding.fields.mccPlaceholder')}</option>
        ${options.map((o) => html`<option value=${o.value} ?selected=${value === o.value}>${optionLabel(ctx, def, o)}</option>`)}
      </select>
      ${message(ctx, def.key)}
    </div>`;
  }
  const masked = def.secret ? maskedOf(ctx.app, def.key) : null;
  return html`<div class="field" part="field">
    <label for=${id}>${label}</label>
    ${hint}
    <input id=${id} type="text" .value=${value} maxlength=${def.maxlength ?? 200} inputmode=${def.inputmode ?? 'text'}
      autocomplete=${def.autocomplete ?? 'on'} spellcheck="false" aria-invalid=${invalid} aria-describedby=${describedBy(def.key, Boolean(hintKey))}
      placeholder=${masked ?? ''}
      @input=${(e: Event) => ctx.onInput(def.key, (e.target as HTMLInputElement).value)}
      @change=${() => ctx.onCommit(def.key)} />
    ${masked && !value ? html`<p class="hint">${ctx.t('onboarding.fields.savedMasked', { masked })}</p>` : nothing}
    ${message(ctx, def.key)}
  </div>`;
}

/** The inputs of one step. */
export function renderFields(ctx: ViewContext, step: FormStep): TemplateResult {
  const fields = FIELDS.filter((f) => f.step === step).map((f) => renderField(ctx, f));
  if (step !== 'location') return html`${fields}`;
  const status = { idle: '', busy: ctx.t('onboarding.fields.locating'), done: ctx.t('onboarding.fields.located'), failed: ctx.t('onboarding.fields.locateFailed') }[ctx.locating];
  // Device positions are WGS-84 (raw GPS); the element says so by choosing that coordinate system.
  return html`${fields[0]}
    <div class="field locate">
      <button type="button" part="locate-button" ?disabled=${ctx.locating === 'busy'} @click=${() => ctx.locate()}>${ctx.t('onboarding.fields.locate')}</button>
      <p class=${ctx.locating === 'failed' ? 'error' : 'note'} role="status">${status}</p>
    </div>
    ${fields.slice(1)}`;
}

/** The upload controls of the documents step. */
export function renderDocuments(ctx: ViewContext): TemplateResult {
  const types = documentsFor(ctx.values['subject_type'] as never, ctx.values['legal_representative.id_type']);
  return html`<p class="hint">${ctx.t('onboarding.documents.legend')}</p>
    <ul class="documents" role="list">
      ${types.map((type) => {
        const key = `documents.${type}`;
        const id = idOf(key);
        const upload = ctx.uploads.get(type);
        const attached = ctx.app?.documents[type];
        const label = ctx.t(`onboarding.documents.${type}` as MessageKey);
        const uploading = upload?.progress !== undefined && upload.progress < 1 && !upload.error;
        return html`<li class="document" part="document">
          <span class="doc-label" id=${`${id}-label`}>${label}</span>
          <span class="doc-state">
            ${uploading
              ? html`<progress max="1" .value=${upload!.progress!} aria-labelledby=${`${id}-label`}></progress>
                  <span>${ctx.t('onboarding.documents.uploading', { name: upload!.name ?? '', percent: Math.round(upload!.progress! * 100) })}</span>`
              : attached && !ctx.errors.has(key)
                ? html`<span class="ok"><span aria-hidden="true">✓ </span>${upload?.name ? ctx.t('onboarding.documents.uploadedName', { name: upload.name }) : ctx.t('onboarding.documents.uploaded')}</span>`
                : nothing}
          </span>
          <input id=${id} type="file" hidden accept="image/jpeg,image/png,application/pdf" @change=${(e: Event) => ctx.onFile(type, e.target as HTMLInputElement)} />
          <button type="button" part="upload-button" aria-describedby=${`${id}-msg`} ?disabled=${uploading}
            @click=${(e: Event) => ((e.currentTarget as HTMLElement).previousElementSibling as HTMLInputElement).click()}>
            ${attached ? ctx.t('onboarding.documents.replace') : ctx.t('onboarding.documents.choose')}<span class="visually-hidden">：${label}</span>
          </button>
          ${message(ctx, key)}
        </li>`;
      })}
    </ul>`;
}

/** Requirements as a list of buttons that take the user to the field. */
export function renderRequirements(ctx: ViewContext, requirements: Requirement[]): TemplateResult {
  return html`<ul class="requirements" part="requirements">
    ${requirements.map(
      (r) => html`<li>
        <button type="button" class="link" @click=${() => ctx.goToField(r.field)}>
          <strong>${r.field.startsWith('documents.') ? ctx.t(`onboarding.documents.${r.field.slice(10)}` as MessageKey) : labelOf(ctx.t, inputFor(r.field), ctx.values)}</strong>：${requirementMessage(ctx.t, r, ctx.values)}
          <span class="visually-hidden">（${ctx.t('onboarding.nav.fix')}）</span>
        </button>
      </li>`,
    )}
  </ul>`;
}

const SECTIONS: { step: FormStep; keys: string[] }[] = [
  { step: 'subject', keys: ['subject_type'] },
  { step: 'business', keys: ['business.uscc', 'business.registered_name', 'business.short_name', 'business.latin_name', 'business.registered_address', 'business.mcc'] },
  { step: 'legal', keys: ['legal_representative.name', 'legal_representative.id_type', 'legal_representative.id_number', 'legal_representative.phone'] },
  { step: 'location', keys: ['business.location.address', 'business.location.latitude', 'business.location.longitude', 'business.location.coordinate_system'] },
  { step: 'settlement', keys: ['settlement_account.account_type', 'settlement_account.holder_name', 'settlement_account.bank_name', 'settlement_account.account_number'] },
];

function displayValue(ctx: ViewContext, key: string): string {
  const masked = maskedOf(ctx.app, key);
  if (masked) return masked;
  const value = ctx.values[key];
  if (!value) return ctx.t('onboarding.review.empty');
  const def = FIELDS.find((f) => f.key === key);
  const option = def?.options?.(ctx.values).find((o) => o.value === value);
  return def && option ? optionLabel(ctx, def, option) : value;
}

/** The summary before submitting. */
export function renderReview(ctx: ViewContext): TemplateResult {
  const requirements = ctx.app?.requirements ?? [];
  const docs = documentsFor(ctx.values['subject_type'] as never, ctx.values['legal_representative.id_type']);
  return html`<p>${ctx.t('onboarding.review.intro')}</p>
    ${SECTIONS.map(
      (s) => html`<section class="review-section" aria-labelledby=${`review-${s.step}`}>
        <div class="review-head">
          <h4 id=${`review-${s.step}`}>${ctx.t(`onboarding.steps.${s.step}` as MessageKey)}</h4>
          <button type="button" class="link" @click=${() => ctx.goToStep(s.step)}>${ctx.t('onboarding.nav.edit')}<span class="visually-hidden">：${ctx.t(`onboarding.steps.${s.step}` as MessageKey)}</span></button>
        </div>
        <dl>
          ${s.keys
            .filter((k) => !(ctx.values['subject_type'] === 'micro' && (k === 'business.uscc' || k === 'business.registered_address')))
            .map((k) => html`<dt>${labelOf(ctx.t, k, ctx.values)}</dt><dd>${displayValue(ctx, k)}</dd>`)}
        </dl>
      </section>`,
    )}
    <section class="review-section" aria-labelledby="review-documents">
      <div class="review-head">
        <h4 id="review-documents">${ctx.t('onboarding.steps.documents')}</h4>
        <button type="button" class="link" @click=${() => ctx.goToStep('documents')}>${ctx.t('onboarding.nav.edit')}<span class="visually-hidden">：${ctx.t('onboarding.steps.documents')}</span></button>
      </div>
      <dl>
        ${docs.map((d) => html`<dt>${ctx.t(`onboarding.documents.${d}` as MessageKey)}</dt><dd>${ctx.app?.documents[d] ? ctx.t('onboarding.documents.uploaded') : ctx.t('onboarding.review.empty')}</dd>`)}
      </dl>
    </section>
    <div class="review-result" part="review-result">
      ${requirements.length === 0
        ? html`<p class="ok"><span aria-hidden="true">✓ </span>${ctx.t('onboarding.review.ready')}</p>`
        : html`<p class="error">${ctx.t('onboarding.review.notReady', { count: requirements.length })}</p>${renderRequirements(ctx, requirements)}`}
    </div>`;
}

const STATUS_ICON: Record<Application['status'], string> = {
  draft: '✎',
  submitted: '⏳',
  in_review: '⏳',
  approved: '✓',
  rejected: '✕',
  action_required: '!',
};

/** The review status, with the reviewer's requests or reasons. */
export function renderStatus(ctx: ViewContext, onRefresh: () => void): TemplateResult {
  const app = ctx.app!;
  const pending = app.status === 'submitted' || app.status === 'in_review';
  return html`<div class=${`status status-${app.status}`} part="status" role="status">
      <span class="status-icon" aria-hidden="true">${STATUS_ICON[app.status]}</span>
      <span class="status-text">${ctx.t(`onboarding.status.${app.status}` as MessageKey)}</span>
    </div>
    ${app.status === 'approved' ? html`<p>${ctx.t('onboarding.status.approvedHint')}</p>` : nothing}
    ${pending ? html`<p>${ctx.t('onboarding.status.pendingHint')}</p><button type="button" @click=${onRefresh}>${ctx.t('onboarding.nav.refresh')}</button>` : nothing}
    ${app.status === 'action_required' ? html`<p>${ctx.t('onboarding.status.actionHint')}</p>${renderRequirements(ctx, app.requirements)}` : nothing}
    ${app.status === 'rejected'
      ? html`<p>${ctx.t('onboarding.status.rejectedHint')}</p>
          <ul class="requirements">${app.rejection_reasons.map((r) => html`<li>${r.message}</li>`)}</ul>`
      : nothing}`;
}
