/** @module Localization: typed zh-CN/en catalogs and a controller that follows `lang`. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import zhCN from '../locales/zh-CN.js';
import en from '../locales/en.js';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
/** The shape every locale's catalog has: that of zh-CN, with any strings. */
export type Catalog = Widen<typeof zhCN>;

type Join<K, P> = K extends string ? (P extends string ? `${K}.${P}` : never) : never;
type Paths<T> = { [K in keyof T]: T[K] extends string ? K : Join<K, Paths<T[K]>> }[keyof T];
/** Every message key, e.g. `'qr.label'`. */
export type MessageKey = Paths<Catalog>;

/** Supported locales. zh-CN is the default. */
export type Locale = 'zh-CN' | 'en';

const CATALOGS: Record<Locale, Catalog> = { 'zh-CN': zhCN, en };

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
