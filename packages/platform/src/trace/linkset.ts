/** @module The GS1 linkset (RFC 9264 `application/linkset+json`) of a resolved code. */
import type { TraceRecord } from '@mashang/sdk';

const VOC = 'https://gs1.org/voc/';

/** A target of one link relation. */
interface LinkTarget {
  href: string;
  title: string;
  type: string;
  hreflang?: string[];
}

/**
 * The links the platform knows for a code: the consumer page (`gs1:pip`, also the
 * `gs1:defaultLink`), the trace record (`gs1:traceability`), the recall status for batches and
 * items, and the PIN service for items printed with a PIN (`gs1:verificationService`).
 */
export function linkset(record: TraceRecord, platformUrl: string): Record<string, unknown> {
  const name = record.product?.name ?? record.uri;
  const page: LinkTarget = { href: record.uri, title: `${name} · 产品溯源 / Product trace`, type: 'text/html', hreflang: ['zh-CN', 'en'] };
  const entry: Record<string, unknown> = {
    anchor: record.uri,
    [`${VOC}defaultLink`]: [page],
    [`${VOC}pip`]: [page],
    [`${VOC}traceability`]: [{ href: record.uri, title: 'Trace record (JSON)', type: 'application/json' }],
  };
  if (record.product) entry['itemDescription'] = record.product.name;
  if (record.batch) entry[`${VOC}recallStatus`] = [{ href: record.uri, title: record.batch.recall ? 'Recalled' : 'Not recalled', type: 'application/json' }];
  if (record.item?.has_pin) {
    entry[`${VOC}verificationService`] = [{ href: `${platformUrl}/v1/trace/verify`, title: 'Scratch PIN check (POST { uri, pin })', type: 'application/json' }];
  }
  return { linkset: [entry] };
}

/** The `Link` header pointing at the linkset and the page. */
export function linkHeader(record: TraceRecord): string {
  const sep = record.uri.includes('?') ? '&' : '?';
  return `<${record.uri}${sep}linkType=linkset>; rel="linkset"; type="application/linkset+json", <${record.uri}>; rel="${VOC}pip"; type="text/html"`;
}
