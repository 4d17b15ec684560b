/** @module Helpers for browser tests: the platform the runner started, screenshots, QR decoding. */
import { executeServerCommand } from '@web/test-runner-commands';

/** What web-test-runner.config.mjs exposes about the platform it started. */
export interface TestEnv {
  platformUrl: string;
  keys: {
    operatorKey: string;
    isv: { id: string; secretKey: string };
    merchant: { id: string; secretKey: string; publishableKey: string };
  };
}

let cached: Promise<TestEnv> | undefined;

/** The platform URL and sandbox keys. */
export function testEnv(): Promise<TestEnv> {
  cached ??= fetch('/__mashang/env').then((r) => r.json() as Promise<TestEnv>);
  return cached;
}

/** Saves `screenshots/<name>.png` of the page, or of the first element matching `selector` (CSS, pierces shadow roots). */
export function screenshot(name: string, selector?: string): Promise<string> {
  return executeServerCommand('mashang-screenshot', { name, selector }) as Promise<string>;
}

/** Screenshots the element and decodes the QR code in it (jsQR); null when none is found. */
export function decodeQrFromScreen(selector: string): Promise<string | null> {
  return executeServerCommand('mashang-decode-qr', { selector }) as Promise<string | null>;
}

/** A step run in a second page by {@link openPage}. */
export type PageStep = { fill: string; value: string | number } | { click: string } | { waitFor: string; timeout?: number } | { screenshot: string };

/** Opens `url` in a second page (a phone scanning a code), runs `steps`, returns the page's text. */
export function openPage(url: string, steps: PageStep[] = []): Promise<string> {
  return executeServerCommand('mashang-open-page', { url, steps }) as Promise<string>;
}

/** Calls the platform with a key (tests only: operator actions, setup). */
export async function api<T = Record<string, unknown>>(path: string, init: { key: string; method?: string; body?: unknown; merchant?: string }): Promise<T> {
  const { platformUrl } = await testEnv();
  const headers: Record<string, string> = { authorization: `Bearer ${init.key}` };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.merchant) headers['mashang-merchant'] = init.merchant;
  const res = await fetch(`${platformUrl}${path}`, { method: init.method ?? (init.body ? 'POST' : 'GET'), headers, body: init.body === undefined ? null : JSON.stringify(init.body) });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path} → ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Waits until `predicate()` is truthy, polling; throws with `what` after `timeout` ms. */
export async function until<T>(predicate: () => T | Promise<T>, what: string, timeout = 5000): Promise<T> {
  const start = performance.now();
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (performance.now() - start > timeout) throw new Error(`Timed out after ${timeout} ms waiting for ${what}`);
    await sleep(25);
  }
}
