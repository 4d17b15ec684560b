/** @module The storage interface every store uses: PostgreSQL dialect, two drivers. */

/** Result of a query. */
export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

/**
 * A PostgreSQL-dialect database: PGlite (embedded) or node-postgres.
 * Plain parameterised SQL (`$1, $2…`); no ORM.
 */
export interface Db {
  /** `'pglite'` or `'postgres'`. */
  readonly driver: 'pglite' | 'postgres';
  /** Runs one parameterised statement. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in a transaction; it commits when `fn` resolves and rolls back when it throws. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** Releases connections. */
  close(): Promise<void>;
}
