-- Accounts, keys, idempotency and client secrets: what every capability builds on.
create table isvs (
  id text primary key,
  name text not null,
  created_at timestamptz not null default now()
);

create table merchants (
  id text primary key,
  isv_id text not null references isvs(id),
  name text not null,
  short_name text,
  uscc text,
  contact_email text,
  status text not null default 'pending' check (status in ('pending', 'active', 'suspended')),
  metadata jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index merchants_isv_idx on merchants (isv_id, id desc);

-- Keys are stored as SHA-256 hashes; the plaintext is shown once, when created.
create table api_keys (
  id text primary key,
  key_hash text not null unique,
  kind text not null check (kind in ('operator', 'secret', 'publishable')),
  isv_id text references isvs(id),
  merchant_id text references merchants(id),
  prefix text not null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz
);

-- Short-lived secrets that give a widget access to one object (an application, an order…).
create table client_secrets (
  secret_hash text primary key,
  object_id text not null,
  merchant_id text references merchants(id),
  expires_at timestamptz not null,
  created_at timestamptz not null default now()
);
create index client_secrets_object_idx on client_secrets (object_id);

create table idempotency_keys (
  scope text not null,
  key text not null,
  request_hash text not null,
  status integer,
  response_body text,
  response_headers jsonb,
  created_at timestamptz not null default now(),
  completed_at timestamptz,
  primary key (scope, key)
);
create index idempotency_keys_created_idx on idempotency_keys (created_at);
