/** @module Builds the public trace record of a scanned code. */
import type { JourneyEvent, TraceRecord } from '@mashang/sdk';
import { canonicalDigitalLink, formatDigitalLink, type DigitalLink } from '@mashang/sdk/digital-link';
import type { Platform } from '../context.js';
import { iso } from '../internal/time.js';
import { anomalyList, findCodeState, type CodeState } from '../store/codes.js';
import { indexHasPin } from '../store/jobs.js';
import { chinaToday, statusOf, type Resolution } from './resolve.js';

/**
 * Bus event asked for the journey of an item before its record is answered:
 * `{ canonical_uri, events, merchant_id, gtin, lot, serial }` (the last four as resolved, `lot`
 * and `serial` null when the code has none). Listeners (the EPCIS capability) push
 * {@link JourneyEvent}s into `events`; the record sorts them oldest first.
 */
export const JOURNEY_REQUEST = 'trace.journey_requested';

/** The merchant's current 信用码 grade, when the credit capability has rated them. */
async function creditGrade(platform: Platform, merchantId: string): Promise<string | null> {
  try {
    const { rows } = await platform.db.query<{ grade: string }>(
      'select grade from credit_ratings where merchant_id = $1 and valid_until >= $2::date order by created_at desc, id desc limit 1',
      [merchantId, chinaToday()],
    );
    return rows[0]?.grade ?? null;
  } catch {
    // Storage without the credit capability's tables: no grade to show.
    return null;
  }
}

async function journey(platform: Platform, canonicalUri: string | null, resolution: Resolution): Promise<JourneyEvent[]> {
  if (!canonicalUri) return [];
  const events: JourneyEvent[] = [];
  await platform.bus.emit(JOURNEY_REQUEST, {
    canonical_uri: canonicalUri,
    events,
    merchant_id: resolution.product?.merchant_id ?? null,
    gtin: resolution.product?.gtin ?? resolution.gtin,
    lot: resolution.batch?.lot ?? resolution.lot,
    serial: resolution.serial,
  });
  return events.sort((a, b) => a.time.localeCompare(b.time));
}

/** The code as read, written again on this platform's host. */
export function platformUri(platform: Platform, dl: DigitalLink): string {
  return formatDigitalLink(dl, { base: platform.publicUrl() });
}

/** The public record. `state` is the code's state when the caller just changed it (a scan). */
export async function buildRecord(platform: Platform, dl: DigitalLink, resolution: Resolution, state?: CodeState): Promise<TraceRecord> {
  const status = statusOf(resolution);
  const known = resolution.known;
  const { product, batch } = resolution;
  const item = known && resolution.level === 'item' && batch && resolution.index !== null;
  const codeState = item ? (state ?? (await findCodeState(platform.db, batch.id, resolution.serial!))) : undefined;
  let canonical: string | null = null;
  try {
    canonical = canonicalDigitalLink(dl);
  } catch {
    canonical = null;
  }
  return {
    object: 'trace_record',
    uri: platformUri(platform, dl),
    canonical_uri: canonical,
    level: resolution.level,
    status,
    product:
      known && product
        ? {
            gtin: product.gtin,
            name: product.name,
            brand: product.brand,
            origin: product.origin,
            specification: product.specification,
            description: product.description,
            images: product.images,
          }
        : null,
    batch:
      known && batch
        ? {
            lot: batch.lot,
            production_date: batch.production_date,
            expiry_date: batch.expiry_date,
            recall: batch.recalled_at ? { reason: batch.recall_reason ?? '', recalled_at: iso(batch.recalled_at) } : null,
          }
        : null,
    item: item ? { serial: resolution.serial!, has_pin: await indexHasPin(platform.db, batch.id, resolution.index!) } : null,
    merchant: known && product ? { name: product.merchant_name, uscc: product.merchant_uscc, credit_grade: await creditGrade(platform, product.merchant_id) } : null,
    scans: item
      ? { count: codeState?.scan_count ?? 0, first_scan_at: iso(codeState?.first_scan_at ?? null), last_scan_at: iso(codeState?.last_scan_at ?? null) }
      : null,
    verifications: item ? { count: codeState?.verify_count ?? 0, first_verified_at: iso(codeState?.first_verified_at ?? null) } : null,
    anomalies: anomalyList(codeState),
    journey: item || (known && resolution.level !== 'product') ? await journey(platform, canonical, resolution) : [],
  };
}
