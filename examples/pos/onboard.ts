/**
 * An ISV (服务商) onboards a merchant from its POS back office, end to end with the SDK:
 * webhook endpoint → merchant → draft application → documents → submit → `merchant.activated`.
 *
 * Run against the local sandbox (`npm start` in another terminal):
 *
 *     npx tsx examples/pos/onboard.ts
 *
 * Environment: MASHANG_BASE_URL (default http://127.0.0.1:8080), MASHANG_ISV_KEY (default: the
 * sandbox ISV key from .mashang/sandbox.json), MASHANG_WEBHOOK_HOST (the address the platform can
 * reach this script on, default 127.0.0.1).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { Mashang, webhooks, type Application, type Event, type Merchant } from '@mashang/sdk';
import { computeResidentIdCheckChar, generateUscc } from '@mashang/sdk/uscc';

/** A 1×1 PNG, standing in for the photos a real back office would upload. */
const PHOTO = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xde, 0, 0, 0, 12,
  0x49, 0x44, 0x41, 0x54, 0x08, 0xd7, 0x63, 0xf8, 0xcf, 0xc0, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00, 0x18, 0xdd, 0x8d, 0xb0, 0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae,
  0x42, 0x60, 0x82,
]);

/** What {@link onboardMerchant} reports as it goes. */
export type Progress = (line: string) => void;

/** Options of {@link onboardMerchant}. */
export interface OnboardOptions {
  /** The host the platform reaches the webhook receiver on. @default '127.0.0.1' */
  webhookHost?: string;
  /** How long to wait for `merchant.activated`, ms. @default 60000 */
  timeoutMs?: number;
  log?: Progress;
}

/** A webhook receiver: verifies every delivery from the raw body and handles each event id once. */
async function startReceiver(listenHost: string, secret: () => string, onEvent: (event: Event) => void): Promise<{ server: Server; port: number }> {
  const seen = new Set<string>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      try {
        const event = await webhooks.verify(Buffer.concat(chunks), req.headers['mashang-signature'] as string | undefined, secret());
        res.writeHead(200).end();
        if (seen.has(event.id)) return; // deliveries are at-least-once
        seen.add(event.id);
        onEvent(event);
      } catch (error) {
        res.writeHead(400).end(error instanceof Error ? error.message : 'invalid');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, listenHost, resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

function bankCard(prefix: string): string {
  for (let d = 0; d <= 9; d++) {
    const n = prefix + d;
    let sum = 0;
    for (let i = 0; i < n.length; i++) {
      let x = n.charCodeAt(n.length - 1 - i) - 48;
      if (i % 2 === 1) x = x * 2 > 9 ? x * 2 - 9 : x * 2;
      sum += x;
    }
    if (sum % 10 === 0) return n;
  }
  throw new Error('unreachable');
}

/** Onboards one 个体工商户 with `isv` (an ISV secret-key client) and resolves once it is active. */
export async function onboardMerchant(isv: Mashang, options: OnboardOptions = {}): Promise<{ merchant: Merchant; application: Application; events: Event[] }> {
  const log = options.log ?? ((line: string) => console.log(line));
  const events: Event[] = [];
  let secret = '';
  let activated: (merchant: Merchant) => void = () => {};
  const active = new Promise<Merchant>((resolve) => (activated = resolve));
  const host = options.webhookHost ?? '127.0.0.1';
  // Only listen beyond this machine when the platform is elsewhere.
  const { server, port } = await startReceiver(
    host === '127.0.0.1' || host === 'localhost' ? '127.0.0.1' : '0.0.0.0',
    () => secret,
    (event) => {
      events.push(event);
      const object = event.data['object'] as { id: string; status?: string };
      log(`  ← webhook ${event.type} ${object.id}${object.status ? ` (${object.status})` : ''}`);
      if (event.type === 'merchant.activated') activated(event.data['object'] as Merchant);
    },
  );
  const endpoint = await isv.webhookEndpoints.create({
    url: `http://${host}:${port}/mashang/webhooks`,
    enabled_events: ['onboarding.*', 'merchant.activated'],
    description: 'POS back office (examples/pos/onboard.ts)',
  });
  secret = endpoint.secret!;
  log(`Webhook endpoint ${endpoint.id} → ${endpoint.url}`);
  try {
    const merchant = await isv.merchants.create({ name: '湖州市吴兴区阿强面馆', short_name: '阿强面馆', metadata: { pos_store: 'HZ-0042' } });
    log(`Merchant ${merchant.id} created (${merchant.status})`);
    const shop = isv.forMerchant(merchant.id);

    // A draft can be saved in pieces; `requirements` says what is still missing.
    let application = await shop.applications.create({ subject_type: 'individual_business' });
    log(`Application ${application.id}: ${application.requirements.length} things still needed`);

    const uscc = generateUscc({ entityType: '2', seed: Date.now() % 1_000_000_000 });
    const first17 = `33050219800101${String(Date.now() % 900 + 100)}`;
    const idNumber = first17 + computeResidentIdCheckChar(first17);
    const upload = (purpose: 'business_license' | 'identity_document' | 'store_photo', filename: string) => shop.files.create({ file: PHOTO, purpose, filename });
    const [licence, front, back, store] = await Promise.all([
      upload('business_license', 'licence.png'),
      upload('identity_document', 'id-front.png'),
      upload('identity_document', 'id-back.png'),
      upload('store_photo', 'store.png'),
    ]);
    log(`Uploaded ${[licence, front, back, store].map((f) => f.id).join(', ')}`);

    application = await shop.applications.update(application.id, {
      business: {
        uscc,
        registered_name: '湖州市吴兴区阿强面馆',
        short_name: '阿强面馆',
        latin_name: 'AQIANG NOODLES',
        registered_address: '浙江省湖州市吴兴区人民路 18 号',
        mcc: '5812',
        location: { address: '浙江省湖州市吴兴区人民路 18 号', latitude: 30.8672, longitude: 120.0962, coordinate_system: 'GCJ-02' },
      },
      legal_representative: { name: '王强', id_type: 'resident_id', id_number: idNumber, phone: '13912345678' },
      settlement_account: { account_type: 'personal', holder_name: '王强', bank_name: '浙江农商银行湖州分行', account_number: bankCard('621700123456789012') },
      documents: { business_license: licence.id, id_card_front: front.id, id_card_back: back.id, store_front: store.id },
    });
    log(`Filled in: ${application.requirements.length} things still needed; ID shown as ${application.legal_representative.id_number}`);

    application = await shop.applications.submit(application.id);
    log(`Submitted (${application.status}); waiting for the review…`);
    const timeout = new Promise<never>((_, reject) => {
      const timer = setTimeout(() => reject(new Error(`no merchant.activated within ${options.timeoutMs ?? 60_000} ms`)), options.timeoutMs ?? 60_000);
      timer.unref();
    });
    const activeMerchant = await Promise.race([active, timeout]);
    log(`Merchant ${activeMerchant.id} is ${activeMerchant.status}: ${activeMerchant.name} (${activeMerchant.uscc})`);
    return { merchant: await isv.merchants.retrieve(merchant.id), application: await shop.applications.retrieve(application.id), events };
  } finally {
    await isv.webhookEndpoints.del(endpoint.id).catch(() => {});
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

async function isvKey(): Promise<string> {
  if (process.env['MASHANG_ISV_KEY']) return process.env['MASHANG_ISV_KEY'];
  const dir = process.env['MASHANG_DATA_DIR'] ?? '.mashang';
  try {
    return (JSON.parse(await readFile(`${dir}/sandbox.json`, 'utf8')) as { isv: { secretKey: string } }).isv.secretKey;
  } catch {
    throw new Error(`Set MASHANG_ISV_KEY, or run \`npm start\` once so ${dir}/sandbox.json holds the sandbox keys.`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const isv = new Mashang({ apiKey: await isvKey(), baseUrl: process.env['MASHANG_BASE_URL'] ?? 'http://127.0.0.1:8080' });
  await onboardMerchant(isv, { webhookHost: process.env['MASHANG_WEBHOOK_HOST'] });
}
