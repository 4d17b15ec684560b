/** @module Live order status as Server-Sent Events. */
import type { Order } from '@mashang/sdk';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppEnv } from '../context.js';
import type { Payments } from './service.js';

/** How often a comment line keeps idle connections (and proxies) open, ms. */
const KEEPALIVE_MS = 15_000;

/** Open streams, ended when the platform closes. */
const open = new WeakMap<Payments, Set<() => void>>();

/** Ends every stream of `payments` (platform shutdown). */
export function endAllStreams(payments: Payments): void {
  for (const finish of [...(open.get(payments) ?? [])]) finish();
}

/**
 * Streams `order` events for one order: its current state at once, then every change, and
 * ends after a final state (paid, expired, cancelled).
 */
export function orderEvents(c: Context<AppEnv>, payments: Payments, orderId: string): Response {
  c.header('Cache-Control', 'no-store');
  c.header('X-Accel-Buffering', 'no'); // nginx would otherwise hold events back
  return streamSSE(c, async (stream) => {
    let chain = Promise.resolve();
    let done = false;
    let finish = () => {};
    const ended = new Promise<void>((resolve) => {
      finish = () => {
        if (done) return;
        done = true;
        resolve();
      };
    });
    let expiry: ReturnType<typeof setTimeout> | undefined;
    // Expires the order at its (possibly extended) time, so `expired` is on time between sweeps.
    const schedule = (order: Order) => {
      if (expiry) clearTimeout(expiry);
      expiry = undefined;
      if (order.status !== 'pending') return;
      expiry = setTimeout(() => void payments.expire(orderId).catch(finish), Math.max(0, Date.parse(order.expires_at) - Date.now()) + 20);
      expiry.unref?.();
    };
    const send = (order: Order) => {
      schedule(order);
      chain = chain
        .then(async () => {
          if (stream.aborted || stream.closed) return;
          await stream.writeSSE({ event: 'order', id: order.updated, data: JSON.stringify(order) });
          if (order.status !== 'pending') finish();
        })
        .catch(finish);
    };
    const unsubscribe = payments.notifier.subscribe(orderId, send);
    let streams = open.get(payments);
    if (!streams) open.set(payments, (streams = new Set()));
    streams.add(finish);
    stream.onAbort(finish);
    const keepalive = setInterval(() => {
      chain = chain.then(() => stream.write(': keep-alive\n\n')).then(() => undefined, finish);
    }, KEEPALIVE_MS);
    keepalive.unref?.();
    try {
      await stream.writeSSE({ event: 'ready', data: '', retry: 2000 });
      const current = await payments.retrieve(orderId);
      if (current) send(current);
      else finish();
      await ended;
      await chain;
    } finally {
      clearInterval(keepalive);
      if (expiry) clearTimeout(expiry);
      unsubscribe();
      streams.delete(finish);
    }
  });
}
