/** @module Products: create, retrieve, update and list the GTINs a merchant sells. */
import { ListOf, ListParams, Product, ProductCreateParams, ProductId, ProductUpdateParams } from '@mashang/sdk';
import * as z from 'zod/mini';
import type { Platform } from '../context.js';
import { notFound } from '../errors.js';
import type { router } from '../route.js';
import { findProduct, insertProduct, listProducts, updateProduct } from '../store/products.js';

const IdParams = z.object({ id: ProductId });

export function productRoutes(route: ReturnType<typeof router>, platform: Platform): void {
  const { db } = platform;

  route(
    {
      method: 'post',
      path: '/v1/products',
      summary: 'Register a product by its GTIN',
      description: 'The GTIN (8, 12, 13 or 14 digits) must carry a correct GS1 check digit; it is stored as 14 digits and is unique per merchant.',
      tag: 'Item codes',
      auth: 'merchant',
      body: ProductCreateParams,
      response: Product,
      status: 201,
    },
    async ({ body, merchantId }) => insertProduct(db, merchantId!, body),
  );

  route(
    { method: 'get', path: '/v1/products', summary: 'List products, newest first', tag: 'Item codes', auth: 'merchant', query: ListParams, response: ListOf(Product) },
    async ({ query, merchantId }) => listProducts(db, merchantId!, query.limit ?? 10, query.starting_after),
  );

  route(
    { method: 'get', path: '/v1/products/{id}', summary: 'Retrieve a product', tag: 'Item codes', auth: 'merchant', params: IdParams, response: Product },
    async ({ params, merchantId }) => (await findProduct(db, params.id, merchantId!)) ?? Promise.reject(notFound('product', params.id)),
  );

  route(
    {
      method: 'post',
      path: '/v1/products/{id}',
      summary: 'Update a product',
      description: 'Partial update; `null` clears an optional field. The GTIN cannot change: register another product instead.',
      tag: 'Item codes',
      auth: 'merchant',
      params: IdParams,
      body: ProductUpdateParams,
      response: Product,
    },
    async ({ params, body, merchantId }) => (await updateProduct(db, params.id, merchantId!, body)) ?? Promise.reject(notFound('product', params.id)),
  );
}
