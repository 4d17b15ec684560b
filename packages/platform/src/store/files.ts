/** @module Uploaded files (SQL). The bytes are read only by the contents route. */
import type { UploadedFile } from '@mashang/sdk';
import type { Db } from '../db/index.js';
import { newId } from '../internal/ids.js';
import { iso } from '../internal/time.js';

interface FileRow {
  id: string;
  merchant_id: string;
  application_id: string | null;
  purpose: UploadedFile['purpose'];
  mime_type: string;
  size: number;
  sha256: string;
  filename: string | null;
  created_at: Date;
}

const COLUMNS = 'f.id, f.merchant_id, f.application_id, f.purpose, f.mime_type, f.size, f.sha256, f.filename, f.created_at';

/** Who may see a file: the operator (all), an ISV (its merchants'), a merchant (its own), a client secret (its application's uploads). */
export interface FileScope {
  isvId: string | null;
  merchantId: string | null;
  applicationId: string | null;
}

function toFile(row: FileRow): UploadedFile {
  return {
    id: row.id,
    object: 'file',
    merchant_id: row.merchant_id,
    application: row.application_id,
    purpose: row.purpose,
    mime_type: row.mime_type,
    size: row.size,
    filename: row.filename,
    sha256: row.sha256,
    created: iso(row.created_at),
  };
}

export async function insertFile(
  db: Db,
  file: { merchantId: string; applicationId: string | null; purpose: UploadedFile['purpose']; mimeType: string; sha256: string; filename: string | null; content: Uint8Array },
): Promise<UploadedFile> {
  const { rows } = await db.query<FileRow>(
    `insert into files as f (id, merchant_id, application_id, purpose, mime_type, size, sha256, filename, content)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning ${COLUMNS}`,
    [newId('file'), file.merchantId, file.applicationId, file.purpose, file.mimeType, file.content.byteLength, file.sha256, file.filename, file.content],
  );
  return toFile(rows[0]!);
}

const SCOPE = `($2::text is null or m.isv_id = $2) and ($3::text is null or f.merchant_id = $3) and ($4::text is null or f.application_id = $4)`;

export async function findFile(db: Db, id: string, scope: FileScope): Promise<UploadedFile | undefined> {
  const { rows } = await db.query<FileRow>(`select ${COLUMNS} from files f join merchants m on m.id = f.merchant_id where f.id = $1 and ${SCOPE}`, [
    id,
    scope.isvId,
    scope.merchantId,
    scope.applicationId,
  ]);
  return rows[0] && toFile(rows[0]);
}

export async function fileContent(db: Db, id: string, scope: FileScope): Promise<{ file: UploadedFile; content: Uint8Array } | undefined> {
  const { rows } = await db.query<FileRow & { content: Uint8Array }>(
    `select ${COLUMNS}, f.content from files f join merchants m on m.id = f.merchant_id where f.id = $1 and ${SCOPE}`,
    [id, scope.isvId, scope.merchantId, scope.applicationId],
  );
  const row = rows[0];
  return row && { file: toFile(row), content: new Uint8Array(row.content) };
}

/** The files with these ids, by id (missing ids are absent), for checking documents before they are attached. */
export async function filesByIds(db: Db, ids: string[]): Promise<Map<string, UploadedFile>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<FileRow>(`select ${COLUMNS} from files f where f.id = any($1::text[])`, [ids]);
  return new Map(rows.map((r) => [r.id, toFile(r)]));
}
