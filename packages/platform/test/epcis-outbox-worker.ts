/**
 * @module A till's capture process for the outbox fault test (epcis-outbox.test.ts).
 *
 *   node --conditions=@mashang/source --import tsx epcis-outbox-worker.ts fill  <dir> <count>
 *   node --conditions=@mashang/source --import tsx epcis-outbox-worker.ts flush <dir> <platform url> <secret key>
 *
 * `fill` queues `count` events in a file outbox. `flush` sends the queue to the platform's
 * POST /epcis/capture in batches of random size; the test kills it at random moments.
 */
import { pathToFileURL } from 'node:url';
import { Mashang, captureSender } from '@mashang/sdk';
import { createOutbox, fileOutboxStore, objectEvent, sgtinDigitalLink, type EpcisEvent } from '@mashang/sdk/epcis';


/** Event `i` of the test: the same every time it is built. */
export function testEvent(i: number): EpcisEvent {
  return objectEvent({
    action: 'OBSERVE',
    bizStep: 'receiving',
    disposition: 'in_progress',
    epcList: [sgtinDigitalLink('06901234567892', `S${i}`)],
    eventTime: new Date(Date.UTC(2026, 10, 1) + i * 1000),
    eventTimeZoneOffset: '+08:00',
    readPoint: { id: 'https://id.gs1.org/414/6901234000009' },
  });
}

const main = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
const [mode, dir, ...rest] = main ? (process.argv.slice(2) as [string, string, ...string[]]) : ['', ''];

if (mode === 'fill') {
  const outbox = createOutbox({ store: fileOutboxStore(dir), send: () => Promise.reject(new Error('not sending while filling')) });
  const count = Number(rest[0]);
  for (let i = 0; i < count; i += 500) await outbox.add(Array.from({ length: Math.min(500, count - i) }, (_, k) => testEvent(i + k)));
  process.stdout.write(`${JSON.stringify({ size: await outbox.size() })}\n`);
  await outbox.close();
} else if (mode === 'flush') {
  const [url, key] = rest as [string, string];
  const client = new Mashang({ apiKey: key, baseUrl: url });
  const outbox = createOutbox({ store: fileOutboxStore(dir), send: captureSender(client) });
  process.stdout.write('flushing\n');
  const result = await outbox.flush({ batchSize: 50 + Math.floor(Math.random() * 450) });
  process.stdout.write(`${JSON.stringify(result)}\n`);
  await outbox.close();
}
