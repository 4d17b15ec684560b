/** @module Base class of every Mashang element: locale, elder mode, theme, typed events. */
import { LitElement, type PropertyDeclarations, type PropertyValues } from 'lit';
import { LocalizeController, type Locale, type MessageKey } from './localize.js';
import { tokens } from './tokens.js';

/** Display modes. `elder` is the 适老化 mode: larger text and targets, stronger contrast, no silent time-outs. */
export type DisplayMode = 'standard' | 'elder';

/** Detail of `mashang-error`. */
export interface MashangErrorDetail {
  /** Stable code, e.g. `qr_too_long`, `network`, `unauthorized`. */
  code: string;
  /** Localized, human-readable message (the one shown). */
  message: string;
  /** The underlying error, when there is one. */
  cause?: unknown;
}

/**
 * Base class: every element gets `lang` handling (zh-CN default, follows `<html lang>`),
 * `mode="elder"` (or page-wide `<html data-mashang-mode="elder">`), `theme`, the design
 * tokens, and `emit()` for events that bubble out of shadow roots.
 */
export class MashangElement extends LitElement {
  /** The design tokens (`--mashang-*`) every element starts from; each element appends its own styles. */
  static override styles = [tokens];

  static override properties: PropertyDeclarations = {
    // Reactive so that setting `el.lang` re-renders in the new locale.
    lang: { reflect: true },
    mode: { reflect: true },
    theme: { reflect: true },
  };

  /** `standard` or `elder`; unset follows `<html data-mashang-mode>`. */
  declare mode: DisplayMode | undefined;
  /** `light` (default), `dark` or `auto` (follows the OS). */
  declare theme: 'light' | 'dark' | 'auto' | undefined;

  /** @internal */
  protected readonly i18n = new LocalizeController(this);

  /** The locale in effect. */
  get locale(): Locale {
    return this.i18n.locale;
  }

  /** True in elder mode (own attribute, or page-wide). */
  get elder(): boolean {
    return (this.mode ?? document.documentElement.dataset['mashangMode']) === 'elder';
  }

  /** Localized message. */
  protected t(key: MessageKey, params?: Record<string, string | number>): string {
    return this.i18n.t(key, params);
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // Reflected so the elder tokens apply even when the mode comes from the page.
    this.toggleAttribute('elder', this.elder);
  }

  /** Dispatches a `CustomEvent` that bubbles and crosses shadow roots. */
  protected emit<T>(name: `mashang-${string}`, detail: T): boolean {
    return this.dispatchEvent(new CustomEvent<T>(name, { detail, bubbles: true, composed: true, cancelable: true }));
  }
}
