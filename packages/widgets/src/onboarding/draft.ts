/**
 * @module The form state of `<mashang-onboarding>`: values, what changed, what is wrong, and
 * saving the valid changes to the draft as the user goes.
 */
import { isApiError, ValidationError, type Application } from '@mashang/sdk';
import type { MessageKey } from '../internal/localize.js';
import type { OnboardingApi } from './api.js';
import { FIELDS, documentsFor, patchFrom, valuesFrom, type FormStep, type Values } from './fields.js';
import { checkField, labelOf, type Translate } from './validate.js';

/** How the last save went. */
export type SaveState = 'idle' | 'saving' | 'saved' | 'failed';

/** Result of {@link Draft.save}: `expired` when the client secret no longer works. */
export type SaveResult = 'ok' | 'refused' | 'expired';

const SAVE_DELAY_MS = 300;

/** Values, errors and saving; the element renders from it and calls back into it. */
export class Draft {
  values: Values = {};
  readonly dirty = new Set<string>();
  readonly errors = new Map<string, string>();
  /** Non-error notes, e.g. "10 of 18 characters" while a USCC is typed. */
  readonly notes = new Map<string, string>();
  app: Application | undefined;
  state: SaveState = 'idle';
  /** What failed, for the save status line. */
  failure = '';
  #api: OnboardingApi | undefined;
  readonly #t: Translate;
  readonly #changed: () => void;
  readonly #renew: () => Promise<OnboardingApi | undefined>;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #saving: Promise<SaveResult> | undefined;

  /**
   * @param t - localizes messages
   * @param changed - called when something to render changed
   * @param renew - a fresh client for when the client secret expired (undefined when none can be had)
   */
  constructor(t: Translate, changed: () => void, renew: () => Promise<OnboardingApi | undefined> = async () => undefined) {
    this.#t = t;
    this.#changed = changed;
    this.#renew = renew;
  }

  /** Starts over from an application as loaded. */
  reset(api: OnboardingApi, app: Application): void {
    clearTimeout(this.#timer);
    this.#api = api;
    this.app = app;
    this.values = valuesFrom(app);
    this.dirty.clear();
    this.errors.clear();
    this.notes.clear();
    this.state = 'idle';
  }

  dispose(): void {
    clearTimeout(this.#timer);
  }

  /** The user typed or chose. */
  input(key: string, value: string): void {
    this.values = { ...this.values, [key]: value };
    this.dirty.add(key);
    this.validate(key, false);
  }

  /** The user left the field (or chose an option): check it fully and save soon when valid. */
  commit(key: string): void {
    if (this.validate(key, true)) {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => void this.save(), SAVE_DELAY_MS);
    }
  }

  /** Validates one field; true when it may be saved. */
  validate(key: string, final: boolean): boolean {
    this.notes.delete(key);
    this.errors.delete(key);
    const problem = checkField(this.#t, key, this.values, final);
    if (problem?.error) this.errors.set(key, problem.message);
    else if (problem) this.notes.set(key, problem.message);
    return !problem?.error;
  }

  /** Checks a step: required fields present, all valid. Returns the keys at fault (with their errors set). */
  checkStep(step: FormStep): string[] {
    const bad: string[] = [];
    if (step === 'documents') {
      for (const type of documentsFor(this.values['subject_type'] as never, this.values['legal_representative.id_type'])) {
        if (this.app?.documents[type]) continue;
        const key = `documents.${type}`;
        this.errors.set(key, this.#t('onboarding.errors.required', { label: this.#t(`onboarding.documents.${type}` as MessageKey) }));
        bad.push(key);
      }
      return bad;
    }
    for (const def of FIELDS.filter((f) => f.step === step && (!f.when || f.when(this.values)))) {
      const empty = !(this.values[def.key] ?? '').trim();
      const saved = def.secret && (def.key.endsWith('id_number') ? this.app?.legal_representative.id_number : this.app?.settlement_account.account_number);
      if (empty && !saved) {
        const label = labelOf(this.#t, def.key, this.values);
        this.errors.set(def.key, this.#t(def.kind === 'text' ? 'onboarding.errors.required' : 'onboarding.errors.requiredChoice', { label }));
        bad.push(def.key);
      } else if (!empty && !this.validate(def.key, true)) {
        bad.push(def.key);
      }
    }
    return bad;
  }

  /** Saves every changed field that is valid, one save at a time. */
  async save(): Promise<SaveResult> {
    clearTimeout(this.#timer);
    while (this.#saving) await this.#saving;
    const keys = [...this.dirty].filter((k) => !this.errors.has(k));
    const patch = patchFrom(this.values, keys);
    if (!this.#api || Object.keys(patch).length === 0) return 'ok';
    this.state = 'saving';
    this.#changed();
    const run = this.#send(keys, patch);
    this.#saving = run;
    try {
      return await run;
    } finally {
      this.#saving = undefined;
      this.#changed();
    }
  }

  async #update(patch: ReturnType<typeof patchFrom>): Promise<Application> {
    try {
      return await this.#api!.update(patch);
    } catch (error) {
      if (!(isApiError(error) && error.status === 401)) throw error;
      // The client secret expired during a long form: get a new one and carry on where we were.
      const renewed = await this.#renew().catch(() => undefined);
      if (!renewed) throw error;
      this.#api = renewed;
      return renewed.update(patch);
    }
  }

  async #send(keys: string[], patch: ReturnType<typeof patchFrom>): Promise<SaveResult> {
    const sent = { ...this.values };
    try {
      this.app = await this.#update(patch);
      // Show what the platform stored (a USCC in capitals, trimmed text) unless the user typed on meanwhile.
      const stored = valuesFrom(this.app);
      const values = { ...this.values };
      for (const k of keys) {
        if (k.startsWith('business.location.') && !patch.business?.location) continue;
        if (values[k] === sent[k]) {
          if (stored[k] !== undefined) values[k] = stored[k]!;
          this.dirty.delete(k);
        }
      }
      this.values = values;
      this.state = 'saved';
      return 'ok';
    } catch (error) {
      this.state = 'failed';
      if (isApiError(error) && error.status === 401) return 'expired';
      const key = this.#fieldOf(error);
      if (key) {
        const local = checkField(this.#t, key, this.values, true);
        this.errors.set(key, local?.error ? local.message : this.#t('onboarding.errors.generic', { message: labelOf(this.#t, key, this.values) }));
      }
      this.failure = key ? labelOf(this.#t, key, this.values) : isApiError(error) ? error.message : this.#t('onboarding.errors.network');
      return 'refused';
    }
  }

  #fieldOf(error: unknown): string | undefined {
    const path = isApiError(error) ? error.param : error instanceof ValidationError ? error.issues[0]?.path : undefined;
    if (!path) return undefined;
    if (path.startsWith('business.location')) return path.split('.').length > 2 ? path : 'business.location.address';
    return FIELDS.some((f) => f.key === path) ? path : undefined;
  }
}
