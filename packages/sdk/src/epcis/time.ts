/** @module epcis/time — EPCIS event times and time-zone offsets. */

import { EpcisError, show } from './errors.js';

/** The offset pattern of the EPCIS 2.0 JSON Schema (−13:59 … +14:00). */
const OFFSET = /^([+-])((0\d|1[0-3]):([0-5]\d)|14:00)$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** `+08:00` for 480 minutes east of UTC. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Minutes east of UTC of a `±HH:MM` offset; throws on a malformed one. */
export function parseOffset(offset: unknown, field = 'eventTimeZoneOffset'): number {
  const m = typeof offset === 'string' ? OFFSET.exec(offset) : null;
  if (!m) {
    throw new EpcisError('bad_time', `${field} must look like "+08:00" (from -13:59 to +14:00), got ${show(offset)}.`);
  }
  const [h, mm] = offset === '+14:00' ? [14, 0] : [Number(m[3]), Number(m[4])];
  return (m[1] === '-' ? -1 : 1) * (h * 60 + mm);
}

/** A `Date` as an RFC 3339 timestamp in the given offset: `2024-05-01T08:00:00.000+08:00`. */
export function formatDateTime(date: Date, offsetMinutes: number): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new EpcisError('bad_time', `Expected a valid Date, got ${show(date)}.`);
  }
  const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, -1);
  return local + (offsetMinutes === 0 ? 'Z' : formatOffset(offsetMinutes));
}

/** Checks an RFC 3339 date-time with an explicit offset (what the EPCIS JSON Schema accepts). */
export function checkDateTime(value: unknown, field: string): string {
  if (typeof value !== 'string' || !DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
    throw new EpcisError(
      'bad_time',
      `${field} must be an RFC 3339 date-time with a time-zone offset, e.g. "2024-05-01T08:00:00.000+08:00", got ${show(value)}.`,
    );
  }
  return value;
}

/**
 * `eventTime` and `eventTimeZoneOffset` from what a builder was given: a `Date` (default: now)
 * or a timestamp string, and an optional offset. Without an offset, a string keeps its own and a
 * `Date` takes the offset of the runtime's time zone at that instant.
 */
export function eventTimes(time: Date | string | undefined, offset: string | undefined): { eventTime: string; eventTimeZoneOffset: string } {
  if (typeof time === 'string') {
    checkDateTime(time, 'eventTime');
    const own = time.endsWith('Z') ? '+00:00' : time.slice(-6);
    return { eventTime: time, eventTimeZoneOffset: offset === undefined ? own : formatOffset(parseOffset(offset)) };
  }
  const date = time ?? new Date();
  const minutes = offset === undefined ? -date.getTimezoneOffset() : parseOffset(offset);
  return { eventTime: formatDateTime(date, minutes), eventTimeZoneOffset: formatOffset(minutes) };
}
