/**
 * @module Anomaly rules for consumer scans of an item code. A flag never changes the code's
 * status (a genuine code stays genuine); it tells the consumer and the merchant that the code
 * may have been copied. Thresholds are documented in docs/traceability.md.
 */
import type { AnomalyCode } from '@mashang/sdk';

/** Thresholds of the rules. */
export interface AnomalyRules {
  /** `many_scans` when a code has more consumer scans than this. @default 10 */
  maxScans: number;
  /** `scanned_after_retail_sale` for a scan this many hours or more after the recorded retail sale. @default 24 */
  saleGraceHours: number;
  /** `implausible_travel` needs two located scans at least this far apart … @default 50 */
  travelMinKm: number;
  /** … and a speed between them above this (faster than door-to-door air travel). @default 500 */
  travelMaxKmh: number;
}

/** The thresholds the platform uses. */
export const DEFAULT_RULES: AnomalyRules = { maxScans: 10, saleGraceHours: 24, travelMinKm: 50, travelMaxKmh: 500 };

/** A position rounded to about 1 km (two decimals), which is all the rules need and all that is stored. */
export interface Position {
  lat: number;
  lng: number;
}

/** Rounds a WGS-84 position to two decimals (≈ 1.1 km), so a scan never stores where someone lives. */
export function coarse(position: Position): Position {
  return { lat: Math.round(position.lat * 100) / 100, lng: Math.round(position.lng * 100) / 100 };
}

/** Great-circle distance in km (haversine, mean Earth radius). */
export function distanceKm(a: Position, b: Position): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** What the rules look at: the code's state after counting this scan. */
export interface ScanFacts {
  now: Date;
  /** Scans including this one. */
  scanCount: number;
  retailSoldAt: Date | null;
  /** Where this scan happened, when the scanner said. */
  position: Position | null;
  /** The previous located scan. */
  lastPosition: (Position & { at: Date }) | null;
}

/** Flags raised by one scan, with a plain-language detail each. */
export function evaluateScan(facts: ScanFacts, rules: AnomalyRules = DEFAULT_RULES): { code: AnomalyCode; detail: string }[] {
  const out: { code: AnomalyCode; detail: string }[] = [];
  if (facts.scanCount > rules.maxScans) {
    out.push({ code: 'many_scans', detail: `${facts.scanCount} scans (more than ${rules.maxScans})` });
  }
  if (facts.retailSoldAt) {
    const hours = (facts.now.getTime() - facts.retailSoldAt.getTime()) / 3_600_000;
    if (hours >= rules.saleGraceHours) {
      out.push({ code: 'scanned_after_retail_sale', detail: `scanned ${Math.floor(hours)} h after the retail sale at ${facts.retailSoldAt.toISOString()}` });
    }
  }
  if (facts.position && facts.lastPosition) {
    const km = distanceKm(facts.lastPosition, facts.position);
    const hours = Math.max((facts.now.getTime() - facts.lastPosition.at.getTime()) / 3_600_000, 1 / 3600);
    const kmh = km / hours;
    if (km >= rules.travelMinKm && kmh > rules.travelMaxKmh) {
      out.push({ code: 'implausible_travel', detail: `${Math.round(km)} km in ${Math.max(1, Math.round(hours * 60))} min (${Math.round(kmh)} km/h)` });
    }
  }
  return out;
}
