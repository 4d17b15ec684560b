import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { migrate, type Db } from '@mashang/platform';
import { startTestPlatform, type TestPlatform } from './helpers.js';

let p: TestPlatform;
let db: Db;

before(async () => {
  p = await startTestPlatform();
  db = p.platform.db;
  await db.exec('create table if not exists db_test (id int primary key, note text)');
});
after(() => p.close());

describe(`Db (${process.env['MASHANG_TEST_DATABASE_URL'] ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('should run parameterised queries with the PostgreSQL dialect', async () => {
    const { rows } = await db.query<{ n: number; s: string }>('select $1::int + 1 as n, upper($2) as s', [41, 'abc']);
    assert.deepEqual(rows, [{ n: 42, s: 'ABC' }]);
  });

  it('should commit a transaction that resolves', async () => {
    await db.transaction(async (tx) => {
      await tx.query('insert into db_test (id, note) values ($1, $2)', [1, 'kept']);
    });
    const { rows } = await db.query('select note from db_test where id = 1');
    assert.equal(rows[0]!['note'], 'kept');
  });

  it('should roll back everything when the transaction throws', async () => {
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query('insert into db_test (id, note) values ($1, $2)', [2, 'half-written']);
        throw new Error('boom');
      }),
      /boom/,
    );
    const { rows } = await db.query('select count(*)::int as n from db_test where id = 2');
    assert.equal(rows[0]!['n'], 0);
  });

  it('should report affected rows', async () => {
    const r = await db.query('update db_test set note = $1 where id = 1', ['changed']);
    assert.equal(r.rowCount, 1);
  });

  it('should apply migrations once', async () => {
    const again = await migrate(db);
    assert.deepEqual(again, [], 'a second run applies nothing');
    const { rows } = await db.query<{ version: string }>('select version from schema_migrations order by version');
    assert.equal(rows[0]!.version, '0001_core');
    assert.deepEqual(
      rows.map((r) => r.version),
      [...rows.map((r) => r.version)].sort(),
    );
  });
});
