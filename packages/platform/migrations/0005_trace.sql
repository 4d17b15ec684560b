-- Item codes (一物一码): products, batches, issuance jobs and the state of scanned codes.
-- Issued codes are not rows: a serial is computed from the batch secret (src/trace/serial.ts).
-- Only codes that consumers have scanned or checked get a row in item_code_states.

create table products (
  id text primary key,
  merchant_id text not null references merchants(id),
  gtin text not null check (gtin ~ '^[0-9]{14}$'),
  name text not null,
  brand text,
  origin text,
  specification text,
  description text,
  images jsonb not null default '[]',
  metadata jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (merchant_id, gtin)
);
create index products_gtin_idx on products (gtin);
create index products_merchant_idx on products (merchant_id, id desc);

create table batches (
  id text primary key,
  merchant_id text not null references merchants(id),
  product_id text not null references products(id),
  lot text not null,
  production_date date,
  expiry_date date,
  quantity integer,
  -- 32 random bytes; serial tags and scratch PINs are keyed MACs under keys derived from it.
  secret bytea not null,
  codes_issued integer not null default 0 check (codes_issued >= 0),
  recall_reason text,
  recalled_at timestamptz,
  metadata jsonb not null default '{}',
  created_at timestamptz not null default now(),
  unique (product_id, lot),
  check (quantity is null or codes_issued <= quantity)
);
create index batches_merchant_idx on batches (merchant_id, id desc);

create table jobs (
  id text primary key,
  merchant_id text not null references merchants(id),
  type text not null check (type in ('code_issuance')),
  batch_id text not null references batches(id),
  start_index integer not null,
  count integer not null check (count > 0),
  with_pin boolean not null default false,
  status text not null default 'pending' check (status in ('pending', 'running', 'succeeded', 'failed')),
  done integer not null default 0,
  downloads integer not null default 0,
  error text,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index jobs_batch_idx on jobs (batch_id, start_index);

-- Per-code state, created on the first consumer scan or PIN check of a genuine code.
create table item_code_states (
  batch_id text not null references batches(id),
  serial text not null,
  scan_count integer not null default 0,
  first_scan_at timestamptz,
  last_scan_at timestamptz,
  -- Last scan that came with a position (rounded to ~1 km), for the travel-speed rule.
  last_lat double precision,
  last_lng double precision,
  last_located_at timestamptz,
  verify_count integer not null default 0,
  first_verified_at timestamptz,
  pin_failures integer not null default 0,
  pin_locked_until timestamptz,
  retail_sold_at timestamptz,
  -- { "<anomaly code>": { "detected_at": "…", "detail": "…" } }
  anomalies jsonb not null default '{}',
  primary key (batch_id, serial)
);

-- One row per consumer scan of a genuine code. Large deployments partition it by month or batch.
create table item_code_scans (
  id bigserial primary key,
  batch_id text not null,
  serial text not null,
  scanned_at timestamptz not null default now(),
  channel text not null check (channel in ('page', 'api')),
  lat double precision,
  lng double precision
);
create index item_code_scans_code_idx on item_code_scans (batch_id, serial, scanned_at);
