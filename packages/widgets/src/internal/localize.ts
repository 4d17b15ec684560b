/** @module Localization: typed zh-CN/en catalogs and a controller that follows `lang`. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import zhCN from '../locales/zh-CN.js';
import en from '../locales/en.js';
import type paymentCode from '../payment-code/locale.zh-CN.js';
import type creditCode from '../credit-code/locale.zh-CN.js';
import type trace from '../trace/locale.zh-CN.js';
import type onboarding from '../onboarding/locale.zh-CN.js';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
/** Strings every element shares (`common`, `qr`). */
export type CommonCatalog = Widen<typeof zhCN>;
/** Each element's own strings, registered at runtime by its `define.ts` ({@link registerStrings}). */
export interface ElementCatalogs {
  paymentCode: Widen<typeof paymentCode>;
  creditCode: Widen<typeof creditCode>;
  trace: Widen<typeof trace>;
  onboarding: Widen<typeof onboarding>;
}
/** The shape of a whole locale: shared strings plus every element's (zh-CN is the reference). */
export type Catalog = CommonCatalog & ElementCatalogs;

type Join<K, P> = K extends string ? (P extends string ? `${K}.${P}` : never) : never;
type Paths<T> = { [K in keyof T]: T[K] extends string ? K : Join<K, Paths<T[K]>> }[keyof T];
/** Every message key, e.g. `'qr.label'`. */
export type MessageKey = Paths<Catalog>;

/** Supported locales. zh-CN is the default. */
export type Locale = 'zh-CN' | 'en';

const CATALOGS: Record<Locale, Partial<Catalog>> = { 'zh-CN': { ...zhCN }, en: { ...en } };

/**
 * Adds an element's strings to every locale. Called once by the element's `define.ts`, so a
 * bundle with one element carries only that element's strings.
 */
export function registerStrings<K extends keyof ElementCatalogs>(key: K, strings: Record<Locale, ElementCatalogs[K]>): void {
  for (const locale of Object.keys(CATALOGS) as Locale[]) (CATALOGS[locale] as Record<string, unknown>)[key] = strings[locale];
}

/** Maps any BCP 47 tag onto a supported locale: `en-GB` → `en`, `zh`, `zh-Hans-CN` → `zh-CN`; default zh-CN. */
export function resolveLocale(tag: string | null | undefined): Locale {
  const t = (tag ?? '').toLowerCase();
  if (t === 'en' || t.startsWith('en-')) return 'en';
  return 'zh-CN';
}

/** Looks a message up and fills `{name}` placeholders. */
export function translate(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  let node: unknown = CATALOGS[locale];
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  const text = typeof node === 'string' ? node : key;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

const hosts = new Set<LocalizeController>();
let observer: MutationObserver | undefined;

function watchDocument(): void {
  if (observer || typeof MutationObserver === 'undefined') return;
  observer = new MutationObserver(() => {
    for (const c of hosts) c.host.requestUpdate();
  });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang', 'data-mashang-mode'] });
}

/**
 * Gives an element `t(key, params)` in the locale of its own `lang` attribute, else the
 * nearest ancestor's `lang` (across shadow roots), else `<html lang>`, else zh-CN;
 * re-renders when `<html lang>` changes.
 */
export class LocalizeController implements ReactiveController {
  readonly host: ReactiveControllerHost & HTMLElement;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.host = host;
    host.addController(this);
  }

  hostConnected(): void {
    hosts.add(this);
    watchDocument();
  }

  hostDisconnected(): void {
    hosts.delete(this);
  }

  /** The locale in effect for the host. */
  get locale(): Locale {
    let node: Node | null = this.host;
    while (node) {
      if (node instanceof HTMLElement && node.lang) return resolveLocale(node.lang);
      node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
    }
    return resolveLocale(document.documentElement.lang);
  }

  t(key: MessageKey, params?: Record<string, string | number>): string {
    return translate(this.locale, key, params);
  }
}
