/** @module `seed --sandbox`: an operator key, a sandbox ISV and a demo merchant with keys. */
import type { Db } from './db/index.js';
import { createIsv, createKey, ensureOperatorKey, generateKey } from './store/accounts.js';
import { insertMerchant } from './store/merchants.js';

/** The keys printed by `mashang-platform seed --sandbox --json`. */
export interface SandboxKeys {
  operatorKey: string;
  isv: { id: string; secretKey: string };
  merchant: { id: string; secretKey: string; publishableKey: string };
}

/** The demo merchant's registration. The USCC is a made-up code with a correct check character. */
export const DEMO_MERCHANT = {
  name: '湖州码上示范面馆有限公司',
  short_name: '码上面馆',
  uscc: '91330502MA2D3XKJ16',
} as const;

/** Creates the sandbox accounts. `operatorKey` is used when given, otherwise generated. */
export async function seedSandbox(db: Db, operatorKey?: string): Promise<SandboxKeys> {
  return db.transaction(async (tx) => {
    const okey = operatorKey ?? generateKey('operator');
    await ensureOperatorKey(tx, okey);
    const isv = await createIsv(tx, '码上沙箱服务商 Sandbox ISV');
    const merchant = await insertMerchant(tx, isv.id, { ...DEMO_MERCHANT, contact_email: 'owner@example.cn', metadata: { sandbox: 'true' } }, 'active');
    const sk = await createKey(tx, 'secret', { isvId: isv.id, merchantId: merchant.id });
    const pk = await createKey(tx, 'publishable', { isvId: isv.id, merchantId: merchant.id });
    return {
      operatorKey: okey,
      isv: { id: isv.id, secretKey: isv.secret_key! },
      merchant: { id: merchant.id, secretKey: sk.secret!, publishableKey: pk.secret! },
    };
  });
}
