/** @module Builds the OpenAPI 3.1 document from the route specs and their zod/mini schemas. */
import { ErrorBody } from '@mashang/sdk';
import * as z from 'zod/mini';
import type { RouteRegistry, RouteSpec } from './route.js';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodMiniType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function parameters(spec: RouteSpec): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const [where, schema] of [
    ['path', spec.params],
    ['query', spec.query],
  ] as const) {
    if (!schema) continue;
    const s = jsonSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, prop] of Object.entries(s.properties ?? {})) {
      out.push({ name, in: where, required: where === 'path' || (s.required ?? []).includes(name), schema: prop });
    }
  }
  // Path parameters without a schema still have to be declared.
  for (const m of spec.path.matchAll(/\{(\w+)\}/g)) {
    if (!out.some((p) => p['name'] === m[1] && p['in'] === 'path')) out.push({ name: m[1], in: 'path', required: true, schema: { type: 'string' } });
  }
  return out;
}

const ERROR_RESPONSE = { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } } };

/** The OpenAPI 3.1 document for every registered route. */
export function openApiDocument(registry: RouteRegistry, { serverUrl, version }: { serverUrl: string; version: string }): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const spec of registry.specs) {
    const rules = typeof spec.auth === 'string' ? [spec.auth] : spec.auth;
    const status = String(spec.status ?? 200);
    const success: JsonSchema = spec.produces
      ? { description: 'Success', content: { [spec.produces]: { schema: { type: 'string' } } } }
      : spec.response
        ? { description: 'Success', content: { 'application/json': { schema: jsonSchema(spec.response, 'output') } } }
        : { description: 'Success' };
    const operation: JsonSchema = {
      operationId: `${spec.method}${spec.path.replace(/[{}]/g, '').replace(/[/._-](\w)/g, (_, ch: string) => ch.toUpperCase())}`,
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      tags: [spec.tag],
      parameters: parameters(spec),
      ...(rules.includes('public') ? { security: [] } : { security: [{ bearerAuth: [] }], 'x-mashang-auth': rules }),
      responses: { [status]: success, default: ERROR_RESPONSE },
    };
    if (spec.body) {
      operation['requestBody'] = { required: true, content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } } };
    } else if (spec.consumes) {
      operation['requestBody'] = { required: true, content: { [spec.consumes]: { schema: { type: 'object' } } } };
    }
    (paths[spec.path] ??= {})[spec.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Mashang platform API',
      version,
      description: 'Merchant onboarding, payment codes (收款码), credit codes (信用码) and item codes (一物一码). Generated from the SDK\'s zod schemas.',
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      schemas: { ErrorBody: jsonSchema(ErrorBody, 'output') },
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'ok_… (operator), sk_… (secret), pk_… (publishable) or a client secret' } },
    },
  };
}
