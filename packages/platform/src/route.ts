/**
 * @module Route definitions: one spec per route drives auth, body limits, idempotency,
 * validation with the SDK's zod/mini schemas, and the OpenAPI document.
 */
import { createHash } from 'node:crypto';
import type { Context, Hono } from 'hono';
import type * as z from 'zod/mini';
import type { AppEnv, Principal } from './context.js';
import { HttpError, invalid, notFound } from './errors.js';
import { claimIdempotency, completeIdempotency, releaseIdempotency } from './store/idempotency.js';

/**
 * Who may call a route:
 * - `public`: anyone;
 * - `operator`: the operator key;
 * - `isv`: an ISV secret key (or the operator);
 * - `merchant`: a secret key acting for a merchant (the merchant's own `sk_`, or an ISV/operator key with `Mashang-Merchant`);
 * - `publishable`: as `merchant`, or the merchant's `pk_`;
 * - `client_secret`: a client secret (the handler checks it is for the object asked for).
 */
export type AuthRule = 'public' | 'operator' | 'isv' | 'merchant' | 'publishable' | 'client_secret';

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

/** Describes one route for both the router and the OpenAPI document. */
export interface RouteSpec {
  method: Method;
  /** OpenAPI-style path: `/v1/merchants/{id}`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  auth: AuthRule | readonly AuthRule[];
  params?: z.ZodMiniType;
  query?: z.ZodMiniType;
  body?: z.ZodMiniType;
  /** Schema of a 2xx JSON answer. */
  response?: z.ZodMiniType;
  /** Success status. @default 200 */
  status?: number;
  /** For non-JSON routes: the success media type (`text/html`, `text/event-stream`, …). */
  produces?: string;
  /** For non-JSON request bodies (`multipart/form-data`). */
  consumes?: string;
  /** Largest body accepted, bytes. @default config.bodyLimit */
  bodyLimit?: number;
  /** Leave out of the OpenAPI document's `security`. */
  hidden?: boolean;
}

/** What a handler receives. */
export interface HandlerInput<P, Q, B> {
  c: Context<AppEnv>;
  params: P;
  query: Q;
  body: B;
  /** The raw body bytes (POST/PATCH/PUT). */
  raw: Uint8Array | undefined;
  principal: Principal | null;
  /** The merchant the caller acts for, for `merchant`/`publishable` routes (and others when resolvable). */
  merchantId: string | undefined;
}

type Infer<S> = S extends z.ZodMiniType ? z.infer<S> : undefined;

/** Every route spec, in registration order (for OpenAPI). */
export class RouteRegistry {
  readonly specs: RouteSpec[] = [];
}

function issuesToError(error: z.core.$ZodError, where: 'body' | 'query' | 'path', input: unknown): HttpError {
  const issues = error.issues;
  const describe = (issue: z.core.$ZodIssue): { param: string; message: string; code: string } => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0]!;
      const param = path ? `${path}.${key}` : key;
      return { param, code: 'parameter_unknown', message: `${param}: unknown field; remove it (allowed fields are listed in the API reference)` };
    }
    if (issue.code === 'invalid_type') {
      const expected = issue.expected;
      const missing = valueAt(input, issue.path) === undefined;
      const message = missing ? 'is required' : `must be ${expected === 'int' ? 'an integer' : `a ${expected}`}`;
      return { param: path, code: missing ? 'parameter_missing' : 'parameter_invalid_type', message: `${path || where}: ${message}` };
    }
    const message = issue.message === 'Invalid input' ? describeGeneric(issue) : issue.message;
    return { param: path, code: 'parameter_invalid', message: `${path || where}: ${message}` };
  };
  const all = issues.map(describe);
  const first = all[0]!;
  return new HttpError('invalid_request_error', first.code, all.map((i) => i.message).join('; '), { param: first.param || undefined });
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function describeGeneric(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      return `must be at least ${String(issue.minimum)}${issue.origin === 'string' ? ' characters' : ''}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}${issue.origin === 'string' ? ' characters' : ''}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return `has an invalid format (expected ${issue.format})`;
    default:
      return 'is invalid';
  }
}

function validate<S extends z.ZodMiniType | undefined>(schema: S, value: unknown, where: 'body' | 'query' | 'path'): Infer<S> {
  if (!schema) return undefined as Infer<S>;
  const result = schema.safeParse(value);
  if (!result.success) throw issuesToError(result.error, where, value);
  return result.data as Infer<S>;
}

async function readBody(c: Context<AppEnv>, limit: number): Promise<Uint8Array> {
  const declared = Number(c.req.header('content-length') ?? NaN);
  const tooLarge = () =>
    new HttpError('invalid_request_error', 'body_too_large', `Request body exceeds the limit of ${limit} bytes.`, { status: 413 });
  if (declared > limit) throw tooLarge();
  const stream = c.req.raw.body;
  if (!stream) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function parseJson(raw: Uint8Array, c: Context<AppEnv>): unknown {
  const type = c.req.header('content-type') ?? '';
  if (raw.byteLength === 0) return {};
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new HttpError('invalid_request_error', 'content_type_unsupported', `Send the body as JSON with Content-Type: application/json (got '${type || 'none'}').`, { status: 415 });
  }
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
  } catch (error) {
    throw invalid(undefined, 'body_invalid_json', `The body is not valid JSON: ${(error as Error).message}`);
  }
}

/** Resolves the merchant the caller acts for and checks the caller may. */
async function actingMerchant(c: Context<AppEnv>, principal: Principal | null): Promise<string | undefined> {
  const header = c.req.header('mashang-merchant')?.trim();
  if (!principal) return undefined;
  if (principal.kind === 'merchant' || principal.kind === 'publishable') {
    if (header && header !== principal.merchantId) {
      throw new HttpError('permission_error', 'merchant_mismatch', `This key belongs to merchant '${principal.merchantId}' and cannot act for '${header}'.`, {
        param: 'Mashang-Merchant',
      });
    }
    return principal.merchantId;
  }
  if (principal.kind === 'client_secret') return principal.merchantId ?? undefined;
  if (!header) return undefined;
  const { rows } = await c.var.platform.db.query<{ isv_id: string }>('select isv_id from merchants where id = $1', [header]);
  const row = rows[0];
  if (!row || (principal.kind === 'isv' && row.isv_id !== principal.isvId)) throw notFound('merchant', header, 'Mashang-Merchant');
  return header;
}

function authorize(rules: readonly AuthRule[], principal: Principal | null, merchantId: string | undefined): void {
  if (rules.includes('public')) return;
  if (!principal) {
    throw new HttpError('authentication_error', 'api_key_missing', 'No API key given. Send `Authorization: Bearer <key>`.', {
      headers: { 'WWW-Authenticate': 'Bearer' },
    });
  }
  const kind = principal.kind;
  const ok = rules.some((rule) => {
    switch (rule) {
      case 'operator':
        return kind === 'operator';
      case 'isv':
        return kind === 'isv' || kind === 'operator';
      case 'merchant':
        return merchantId !== undefined && (kind === 'merchant' || kind === 'isv' || kind === 'operator');
      case 'publishable':
        return merchantId !== undefined && kind !== 'client_secret';
      case 'client_secret':
        return kind === 'client_secret';
      default:
        return false;
    }
  });
  if (ok) return;
  const needsMerchant = rules.some((r) => r === 'merchant' || r === 'publishable') && (kind === 'isv' || kind === 'operator');
  throw new HttpError(
    'permission_error',
    needsMerchant ? 'merchant_required' : 'forbidden',
    needsMerchant
      ? 'This endpoint acts for one merchant: send the `Mashang-Merchant: mch_…` header.'
      : `A ${kind.replace('_', ' ')} key cannot call this endpoint (it needs: ${rules.join(' or ')}).`,
  );
}

/** Registers routes on `app` and records their specs in `registry`. */
export function router(app: Hono<AppEnv>, registry: RouteRegistry) {
  function register<S extends RouteSpec>(
    spec: S,
    handler: (input: HandlerInput<Infer<S['params']>, Infer<S['query']>, Infer<S['body']>>) => Promise<unknown>,
  ): void {
    registry.specs.push(spec);
    const rules: readonly AuthRule[] = typeof spec.auth === 'string' ? [spec.auth] : spec.auth;
    const honoPath = spec.path.replace(/\{(\w+)\}/g, ':$1');
    app.on(spec.method.toUpperCase(), honoPath, async (c) => {
      const principal = c.var.principal;
      const merchantId = await actingMerchant(c, principal);
      authorize(rules, principal, merchantId);
      const platform = c.var.platform;
      const hasBody = spec.method !== 'get' && spec.method !== 'delete';
      const raw = hasBody ? await readBody(c, spec.bodyLimit ?? platform.config.bodyLimit) : undefined;
      const idemKey = spec.method === 'post' ? c.req.header('idempotency-key') : undefined;
      const scope = `${principal?.keyId ?? 'anonymous'}:${merchantId ?? ''}`;
      if (idemKey !== undefined) {
        const hash = createHash('sha256').update(`${spec.method} ${c.req.path}\n`).update(raw ?? new Uint8Array()).digest('hex');
        const replay = await claimIdempotency(platform.db, scope, idemKey, hash);
        if (replay) return replay;
      }
      try {
        const params = validate(spec.params, c.req.param(), 'path');
        const query = validate(spec.query, c.req.query(), 'query');
        const body = spec.body && raw ? validate(spec.body, parseJson(raw, c), 'body') : (undefined as Infer<S['body']>);
        const result = await handler({ c, params, query, body, raw, principal, merchantId } as HandlerInput<
          Infer<S['params']>,
          Infer<S['query']>,
          Infer<S['body']>
        >);
        const response = result instanceof Response ? result : c.json(result as object, (spec.status ?? 200) as 200);
        if (idemKey !== undefined) await completeIdempotency(platform.db, scope, idemKey, response);
        return response;
      } catch (error) {
        if (idemKey !== undefined) await releaseIdempotency(platform.db, scope, idemKey).catch(() => {});
        throw error;
      }
    });
  }
  return register;
}
