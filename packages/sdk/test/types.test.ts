// Type tests for the public API: checked by `tsc -p tsconfig.tests.json` (part of npm test).
import { describe, it } from 'node:test';
import { expectTypeOf } from 'expect-type';
import { Mashang, type Merchant, type MerchantCreateParams, type Page, type ApiError, InvalidRequestError, isApiError } from '@mashang/sdk';

describe('public types', () => {
  it('should type resources, params and errors', () => {
    const client = new Mashang({ apiKey: 'sk_x' });
    expectTypeOf(client.merchants.create).parameter(0).toEqualTypeOf<MerchantCreateParams>();
    expectTypeOf(client.merchants.create).returns.resolves.toEqualTypeOf<Merchant>();
    expectTypeOf(client.merchants.list).returns.resolves.toEqualTypeOf<Page<Merchant>>();
    expectTypeOf(client.forMerchant).returns.toEqualTypeOf<Mashang>();
    expectTypeOf<Merchant['status']>().toEqualTypeOf<'pending' | 'active' | 'suspended'>();
    expectTypeOf<InvalidRequestError['param']>().toEqualTypeOf<string | undefined>();
    expectTypeOf(isApiError).guards.toEqualTypeOf<ApiError>();
    // @ts-expect-error amounts are not merchant fields
    void (() => client.merchants.create({ name: 'x', amount: 1 }));
  });
});
