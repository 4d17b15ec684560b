/**
 * @module Bulk issuance: streams serials, Digital Link URIs and optional PINs as CSV or NDJSON
 * in chunks, so memory stays flat whatever the count, and the consumer (an HTTP response, a
 * file) sets the pace.
 */
import { createWriteStream } from 'node:fs';
import { formatDigitalLink } from '@mashang/sdk/digital-link';
import { forEachSlot, PIN_DIGITS, SERIAL_ALPHABET, SERIAL_LENGTH, writePin, writeSerial, type BatchKey } from './serial.js';

/** Output formats of an issuance. */
export type IssueFormat = 'csv' | 'ndjson';

/** What to issue. */
export interface IssueSpec {
  key: BatchKey;
  /** First index. */
  start: number;
  count: number;
  withPin: boolean;
  /** Everything of the URI before the serial: `https://host/01/<gtin>/10/<lot>/21/`. */
  uriPrefix: string;
  format: IssueFormat;
}

/** Options of {@link issueChunks}. */
export interface IssueChunkOptions {
  /**
   * Codes per yielded chunk.
   * @default 2048
   */
  chunkCodes?: number;
}

/** Media type and file extension of each format. */
export const ISSUE_MEDIA: Record<IssueFormat, { type: string; ext: string }> = {
  csv: { type: 'text/csv; charset=utf-8', ext: 'csv' },
  ndjson: { type: 'application/x-ndjson', ext: 'ndjson' },
};

/**
 * The Digital Link of a code minus its serial, validated by the codec once so the loop can
 * append serials (whose characters never need percent-encoding).
 */
export function serialUriPrefix(base: string, gtin: string, lot: string): string {
  const probe = SERIAL_ALPHABET[0]!.repeat(SERIAL_LENGTH);
  const uri = formatDigitalLink(
    { primaryKey: { ai: '01', value: gtin }, qualifiers: [{ ai: '10', value: lot }, { ai: '21', value: probe }] },
    { base },
  );
  return uri.slice(0, -SERIAL_LENGTH);
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The header line of a CSV issuance ('' for NDJSON). */
export function issueHeader(format: IssueFormat, withPin: boolean): string {
  return format === 'csv' ? (withPin ? 'serial,uri,pin\n' : 'serial,uri\n') : '';
}

/**
 * Every line is `A serial B serial C [pin] E` with constant A, B, C, E, so a line has a fixed
 * length and a chunk is filled byte by byte, without building strings.
 */
function lineTemplate(format: IssueFormat, uriPrefix: string, withPin: boolean): { a: Buffer; b: Buffer; c: Buffer; e: Buffer } {
  const ascii = (text: string) => Buffer.from(text, 'utf8');
  if (format === 'csv') {
    const field = csvField(`${uriPrefix}X`);
    const quoted = field.startsWith('"');
    const open = quoted ? field.slice(0, -2) : uriPrefix; // the prefix, quoted and escaped when needed
    return { a: ascii(''), b: ascii(`,${open}`), c: ascii(`${quoted ? '"' : ''}${withPin ? ',' : ''}`), e: ascii('\n') };
  }
  // JSON.stringify escapes the prefix once; serials and PINs never need escaping.
  const uriOpen = JSON.stringify(uriPrefix).slice(0, -1);
  return { a: ascii('{"serial":"'), b: ascii(`","uri":${uriOpen}`), c: ascii(withPin ? '","pin":"' : ''), e: ascii('"}\n') };
}

/** A chunk of output: whole lines, as bytes. */
export interface IssueChunk {
  bytes: Buffer;
  /** Codes in this chunk. */
  codes: number;
}

/**
 * Yields the output in chunks of `chunkCodes` lines (the CSV header comes with the first).
 * Each chunk is computed only when the consumer asks for it, into a fresh buffer outside the
 * JavaScript heap, so memory stays flat however many codes are issued.
 */
export function* issueChunks(spec: IssueSpec, options: IssueChunkOptions = {}): Generator<IssueChunk> {
  const chunkCodes = options.chunkCodes ?? 2048;
  const { key, start, count, withPin, format } = spec;
  const end = start + count;
  const { a, b, c, e } = lineTemplate(format, spec.uriPrefix, withPin);
  const lineBytes = a.length + SERIAL_LENGTH + b.length + SERIAL_LENGTH + c.length + (withPin ? PIN_DIGITS : 0) + e.length;
  let head: Buffer | null = Buffer.from(issueHeader(format, withPin), 'utf8');
  for (let from = start; from < end; from += chunkCodes) {
    const n = Math.min(chunkCodes, end - from);
    const headLength = head ? head.length : 0;
    const bytes = Buffer.allocUnsafe(headLength + n * lineBytes);
    if (head) bytes.set(head, 0);
    head = null;
    let pos = headLength;
    forEachSlot(key, from, n, (index, mac, slot) => {
      bytes.set(a, pos);
      pos = writeSerial(bytes, pos + a.length, index, mac, slot);
      bytes.set(b, pos);
      pos = writeSerial(bytes, pos + b.length, index, mac, slot);
      bytes.set(c, pos);
      pos += c.length;
      if (withPin) pos = writePin(bytes, pos, mac, slot);
      bytes.set(e, pos);
      pos += e.length;
    });
    yield { bytes, codes: n };
  }
}

/** State given to a progress callback. */
export interface IssueProgress {
  done: number;
  total: number;
}

/**
 * Writes an issuance to `path`, waiting for the disk whenever the stream's buffer is full.
 * Calls `onProgress` after every chunk. Resolves with the number of bytes written.
 */
export async function writeIssueFile(path: string, spec: IssueSpec, onProgress?: (state: IssueProgress) => void): Promise<number> {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => {});
  let done = 0;
  try {
    for (const chunk of issueChunks(spec)) {
      if (!out.write(chunk.bytes)) await Promise.race([new Promise<void>((resolve) => out.once('drain', () => resolve())), failed]);
      done += chunk.codes;
      onProgress?.({ done, total: spec.count });
    }
    await Promise.race([new Promise<void>((resolve) => out.end(() => resolve())), failed]);
    return out.bytesWritten;
  } catch (error) {
    out.destroy();
    throw error;
  }
}
