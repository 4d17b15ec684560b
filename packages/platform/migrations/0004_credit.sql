-- Credit codes (信用码): ratings with history, signed credentials, revocation status lists.

-- Every rating ever recorded; the newest per merchant is the current one. Never updated.
create table credit_ratings (
  id text primary key,
  merchant_id text not null references merchants(id),
  grade text not null check (grade in ('A', 'B', 'C', 'D')),
  score numeric check (score is null or (score >= 0 and score <= 100)),
  basis jsonb not null,
  valid_until date not null,
  source text not null check (source in ('operator', 'default')),
  note text,
  recorded_by text,
  created_at timestamptz not null default now()
);
create index credit_ratings_merchant_idx on credit_ratings (merchant_id, id desc);

-- Revocation status lists (W3C Bitstring Status List style). The bits are derived from
-- credit_codes.revoked_at; `revision` changes whenever a bit does, so signed copies can be cached.
create table credit_status_lists (
  id integer primary key,
  size integer not null check (size >= 131072 and size % 8 = 0),
  used integer not null default 0,
  revision integer not null default 0,
  updated_at timestamptz not null default now()
);

-- Issued credentials. The token is public (it is printed in a QR code), so it is kept as is.
create table credit_codes (
  id text primary key,
  merchant_id text not null references merchants(id),
  rating_id text not null references credit_ratings(id),
  grade text not null,
  name text not null,
  uscc text not null,
  kid text not null,
  token text not null,
  status_list integer not null references credit_status_lists(id),
  status_index integer not null,
  issued_at timestamptz not null,
  expires_at timestamptz not null,
  revoked_at timestamptz,
  revocation_reason text,
  unique (status_list, status_index)
);
create index credit_codes_merchant_idx on credit_codes (merchant_id, id desc);
create index credit_codes_revoked_idx on credit_codes (status_list) where revoked_at is not null;
