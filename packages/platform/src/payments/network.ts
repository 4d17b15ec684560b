/** @module The payment network behind the codes: a small interface and the sandbox implementation. */
import { randomToken } from '../internal/ids.js';

/** One request to move money from a payer to a merchant. */
export interface ChargeRequest {
  /** The order being paid (`ord_…`). */
  orderId: string;
  merchantId: string;
  /** Integer 分. */
  amount: number;
  currency: 'CNY';
  /** The network's pseudonymous id of the payer. */
  payer: string;
}

/** What the network answered. */
export type ChargeResult =
  | { ok: true; transactionId: string }
  | { ok: false; code: string; message: string };

/**
 * A payment network (a wallet, a card scheme, an acquirer). The platform asks it to charge
 * once an order is known to be payable, and to reverse a charge that lost a race with expiry
 * or cancellation. Production deployments put an acquirer's API behind this interface.
 */
export interface PaymentNetwork {
  /** Short name recorded on payments, e.g. `sandbox`. */
  readonly name: string;
  charge(request: ChargeRequest): Promise<ChargeResult>;
  /** Gives the money of `transactionId` back to the payer. */
  reverse(transactionId: string): Promise<void>;
}

/**
 * The sandbox network: approves every charge, except for the test payers that simulate
 * declines (`payer_declined` → `card_declined`, `payer_insufficient` → `insufficient_funds`).
 */
export function sandboxNetwork(): PaymentNetwork & { readonly reversed: ReadonlySet<string> } {
  const reversed = new Set<string>();
  return {
    name: 'sandbox',
    reversed,
    async charge(request) {
      if (request.payer === 'payer_declined') return { ok: false, code: 'card_declined', message: 'The payer\'s bank declined the payment.' };
      if (request.payer === 'payer_insufficient') return { ok: false, code: 'insufficient_funds', message: 'The payer\'s balance is too low.' };
      return { ok: true, transactionId: `sbx_${randomToken(24)}` };
    },
    async reverse(transactionId) {
      reversed.add(transactionId);
    },
  };
}
