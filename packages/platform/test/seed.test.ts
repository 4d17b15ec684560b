import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateUscc } from '@mashang/sdk/uscc';
import { DEMO_MERCHANT } from '../src/seed.js';

describe('sandbox seed', () => {
  it('should give the demo merchant a USCC with correct check characters', () => {
    const result = validateUscc(DEMO_MERCHANT.uscc);
    assert.equal(result.valid, true, JSON.stringify(result));
  });
});
