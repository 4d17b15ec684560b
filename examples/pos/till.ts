/**
 * A till (收银台) that sells with a dynamic payment code: it creates an order for the amount,
 * shows its QR code in the terminal (or on a customer display), and waits until the customer has
 * paid — or the order expired, or the cashier gave up (Ctrl-C cancels the order, so the code
 * cannot be paid afterwards).
 *
 *   MASHANG_SECRET_KEY=sk_… node --conditions=@mashang/source --import tsx examples/pos/till.ts 26.00 "两碗牛肉面"
 *
 * Environment: `MASHANG_SECRET_KEY` (the merchant's secret key, or an ISV key with
 * `MASHANG_MERCHANT=mch_…`), `MASHANG_URL` (default http://127.0.0.1:8080). `npm start` prints the
 * sandbox keys. Exit status: 0 paid, 1 expired or cancelled, 2 bad arguments.
 */
import { Mashang, OrderNotPaidError, type Order } from '@mashang/sdk';
import { fenToAmountString, yuanToFen } from '@mashang/sdk/emvqr';
import QRCode from 'qrcode';

/** Options of {@link sellAtTill}. */
export interface TillSale {
  /** A client acting for the merchant (secret key). */
  client: Mashang;
  /** Amount in yuan as typed at the till, e.g. `"26.00"`; converted to 分 exactly. */
  amount: string;
  description?: string;
  /** The till's receipt number (EMV bill number, printable ASCII ≤ 25). @default `POS-<time>` */
  reference?: string;
  /** Seconds the code stays valid. @default 300 */
  expiresIn?: number;
  /** Which payload to draw: `url` (any wallet app) or `emv`. @default 'url' */
  format?: 'url' | 'emv';
  /** Stops waiting and cancels the order. */
  signal?: AbortSignal;
  /** Where the till's screen lines go. @default console.log */
  print?: (text: string) => void;
}

/**
 * Creates the order, draws its code, waits for the payment. Resolves with the paid order;
 * rejects with `OrderNotPaidError` when it expired or was cancelled, or with the signal's reason
 * (after cancelling the order) when aborted.
 */
export async function sellAtTill(sale: TillSale): Promise<Order> {
  const print = sale.print ?? ((text: string) => console.log(text));
  const amount = yuanToFen(sale.amount);
  const order = await sale.client.orders.create({
    amount,
    currency: 'CNY',
    ...(sale.description ? { description: sale.description } : {}),
    reference: sale.reference ?? `POS-${Date.now().toString(36).toUpperCase()}`,
    expires_in: sale.expiresIn ?? 300,
  });
  const payload = sale.format === 'emv' ? order.payload!.emv : order.payload!.url;
  print(`订单 Order ${order.id}  ¥${fenToAmountString(order.amount)}${order.description ? `  ${order.description}` : ''}`);
  print(await QRCode.toString(payload, { type: 'terminal', small: true, errorCorrectionLevel: 'M' }));
  print(`请顾客扫码付款 · Ask the customer to scan. Wallet: ${order.payload!.url}`);
  print(`有效期至 Valid until ${order.expires_at}`);
  try {
    const paid = await sale.client.orders.waitForPaid(order.id, sale.signal ? { signal: sale.signal } : {});
    print(`已收款 Paid ¥${fenToAmountString(paid.amount)} · ${paid.payment?.transaction_id ?? ''}`);
    return paid;
  } catch (error) {
    if (sale.signal?.aborted) {
      // The cashier gave up: make sure the code on the screen can no longer be paid.
      await sale.client.orders.cancel(order.id).catch(() => undefined);
      print(`已取消 Cancelled ${order.id}`);
    } else if (error instanceof OrderNotPaidError) {
      print(error.code === 'order_expired' ? `已过期 Expired: ${order.id}` : `已取消 Cancelled: ${order.id}`);
    }
    throw error;
  }
}

async function main(argv: string[]): Promise<number> {
  const [amount, description] = argv;
  const key = process.env['MASHANG_SECRET_KEY'];
  if (!amount || !key) {
    console.error('usage: MASHANG_SECRET_KEY=sk_… tsx examples/pos/till.ts <amount in yuan, e.g. 26.00> [description]');
    return 2;
  }
  try {
    yuanToFen(amount);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  let client = new Mashang({ apiKey: key, baseUrl: process.env['MASHANG_URL'] ?? 'http://127.0.0.1:8080' });
  if (process.env['MASHANG_MERCHANT']) client = client.forMerchant(process.env['MASHANG_MERCHANT']);
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new Error('cancelled at the till')));
  try {
    await sellAtTill({ client, amount, ...(description ? { description } : {}), signal: controller.signal });
    return 0;
  } catch (error) {
    if (!(error instanceof OrderNotPaidError) && !controller.signal.aborted) console.error(error instanceof Error ? error.message : error);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main(process.argv.slice(2));
