/** @module In-process notifications of order status changes, for live status (SSE). */
import type { Order } from '@mashang/sdk';

type Listener = (order: Order) => void;

/**
 * Delivers an order's new state to the SSE streams of this process. One API server is enough
 * for the sandbox and small deployments; with several servers, publish through PostgreSQL
 * `NOTIFY orders, '<id>'` and have each server `LISTEN` and re-read the order (see
 * docs/payment-codes.md).
 */
export class OrderNotifier {
  readonly #listeners = new Map<string, Set<Listener>>();

  /** Calls `listener` on every change of `orderId` until the returned function is called. */
  subscribe(orderId: string, listener: Listener): () => void {
    let set = this.#listeners.get(orderId);
    if (!set) this.#listeners.set(orderId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#listeners.delete(orderId);
    };
  }

  publish(order: Order): void {
    for (const listener of [...(this.#listeners.get(order.id) ?? [])]) listener(order);
  }

  /** Open subscriptions (for tests and metrics). */
  get size(): number {
    let n = 0;
    for (const set of this.#listeners.values()) n += set.size;
    return n;
  }
}
