/** @module Health, OpenAPI document and ISV accounts. */
import { Health, Isv, IsvCreateParams } from '@mashang/sdk';
import * as z from 'zod/mini';
import type { Platform } from '../context.js';
import { createIsv } from '../store/accounts.js';
import { openApiDocument } from '../openapi.js';
import type { router } from '../route.js';

export const VERSION = '0.1.0';

/** `GET /healthz`, `GET /openapi.json`, `POST /v1/isvs`. */
export function coreRoutes(route: ReturnType<typeof router>, platform: Platform): void {
  route(
    { method: 'get', path: '/healthz', summary: 'Liveness and storage check', tag: 'Platform', auth: 'public', response: Health },
    async () => {
      await platform.db.query('select 1');
      return { status: 'ok', version: VERSION, storage: platform.db.driver };
    },
  );

  route(
    {
      method: 'get',
      path: '/openapi.json',
      summary: 'This API as an OpenAPI 3.1 document',
      tag: 'Platform',
      auth: 'public',
      response: z.record(z.string(), z.unknown()),
    },
    async () => openApiDocument(platform.routes, { serverUrl: platform.publicUrl(), version: VERSION }),
  );

  route(
    { method: 'post', path: '/v1/isvs', summary: 'Create an ISV account (operator)', tag: 'Accounts', auth: 'operator', body: IsvCreateParams, response: Isv, status: 201 },
    async ({ body }) => createIsv(platform.db, body.name),
  );
}
