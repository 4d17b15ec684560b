/**
 * @module Bulk issuance: streams serials, Digital Link URIs and optional PINs as CSV or NDJSON
 * in chunks, so memory stays flat whatever the count, and the consumer (an HTTP response, a
 * file) sets the pace.
 */
import { createWriteStream } from 'node:fs';
import { formatDigitalLink } from '@mashang/sdk/digital-link';
import { forEachCode, SERIAL_ALPHABET, SERIAL_LENGTH, type BatchKey } from './serial.js';

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
   * @default 4096
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
 * Yields the output in chunks of `chunkCodes` lines (the CSV header comes with the first).
 * Each chunk is computed only when the consumer asks for it.
 */
export function* issueChunks(spec: IssueSpec, options: IssueChunkOptions = {}): Generator<{ text: string; codes: number }> {
  const chunkCodes = options.chunkCodes ?? 4096;
  const { key, start, count, withPin, format } = spec;
  const end = start + count;
  let head = issueHeader(format, withPin);
  let line: (serial: string, pin: string | undefined) => string;
  if (format === 'csv') {
    const prefix = csvField(spec.uriPrefix) === spec.uriPrefix ? spec.uriPrefix : null;
    line = prefix
      ? (serial, pin) => (pin === undefined ? `${serial},${prefix}${serial}\n` : `${serial},${prefix}${serial},${pin}\n`)
      : (serial, pin) => `${serial},${csvField(spec.uriPrefix + serial)}${pin === undefined ? '' : `,${pin}`}\n`;
  } else {
    // Neither the prefix (a URI) nor serials/PINs contain characters JSON must escape beyond what stringify does once here.
    const uriOpen = JSON.stringify(spec.uriPrefix).slice(0, -1);
    line = (serial, pin) => (pin === undefined ? `{"serial":"${serial}","uri":${uriOpen}${serial}"}\n` : `{"serial":"${serial}","uri":${uriOpen}${serial}","pin":"${pin}"}\n`);
  }
  for (let from = start; from < end; from += chunkCodes) {
    const n = Math.min(chunkCodes, end - from);
    let text = head;
    head = '';
    forEachCode(key, from, n, withPin, (serial, pin) => {
      text += line(serial, pin);
    });
    yield { text, codes: n };
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
      if (!out.write(chunk.text)) await Promise.race([new Promise<void>((resolve) => out.once('drain', () => resolve())), failed]);
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
