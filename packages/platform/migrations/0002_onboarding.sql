-- Onboarding (入驻): uploaded files, applications and their review; webhooks: endpoints, events, deliveries.

-- Uploaded documents. Never served to the public; the bytes live here so one database backup holds everything.
create table files (
  id text primary key,
  merchant_id text not null references merchants(id),
  -- Set when a widget uploaded it with an application's client secret: only that application may use it.
  application_id text,
  purpose text not null,
  mime_type text not null,
  size integer not null check (size > 0),
  sha256 text not null,
  filename text,
  content bytea not null,
  created_at timestamptz not null default now()
);
create index files_merchant_idx on files (merchant_id, id desc);

create table applications (
  id text primary key,
  merchant_id text not null references merchants(id),
  status text not null default 'draft'
    check (status in ('draft', 'submitted', 'in_review', 'approved', 'rejected', 'action_required')),
  subject_type text,
  -- Every field except the encrypted ones (see below), as the API shows them.
  data jsonb not null default '{}',
  -- Denormalised for the duplicate check; a USCC is public (it is printed on the licence).
  uscc text,
  -- AES-256-GCM ciphertexts and their masked forms; the plaintext is never stored.
  id_number_enc text,
  id_number_mask text,
  account_number_enc text,
  account_number_mask text,
  -- The reviewer's per-field requests ({ field, code, message }[]) while action_required.
  review_requirements jsonb not null default '[]',
  rejection_reasons jsonb not null default '[]',
  metadata jsonb not null default '{}',
  -- Sandbox auto-review: when the next automatic step is due.
  review_due_at timestamptz,
  submitted_at timestamptz,
  decided_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index applications_merchant_idx on applications (merchant_id, id desc);
create index applications_status_idx on applications (status, id desc);
create index applications_review_due_idx on applications (review_due_at) where review_due_at is not null;
-- One live application per merchant; a rejected one may be followed by a new one.
create unique index applications_one_open_per_merchant on applications (merchant_id) where status <> 'rejected';
-- A USCC belongs to one merchant: two submitted applications cannot share it.
create unique index applications_uscc_unique on applications (uscc)
  where uscc is not null and status in ('submitted', 'in_review', 'action_required', 'approved');

create table webhook_endpoints (
  id text primary key,
  isv_id text not null references isvs(id),
  -- Null: the ISV's endpoint, which receives events of all its merchants.
  merchant_id text references merchants(id),
  url text not null,
  enabled_events jsonb not null,
  description text,
  status text not null default 'enabled' check (status in ('enabled', 'disabled')),
  -- Signing secrets are needed in plaintext to sign, so they are encrypted rather than hashed.
  secret_enc text not null,
  -- During rotation the previous secret also signs until it expires.
  previous_secret_enc text,
  previous_secret_expires_at timestamptz,
  metadata jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index webhook_endpoints_isv_idx on webhook_endpoints (isv_id, id desc);
create index webhook_endpoints_merchant_idx on webhook_endpoints (merchant_id);

create table events (
  id text primary key,
  type text not null,
  isv_id text,
  merchant_id text,
  data jsonb not null,
  created_at timestamptz not null default now(),
  -- Set once the event went out on the in-process bus (an outbox: emitters write inside their transaction).
  published_at timestamptz
);
create index events_unpublished_idx on events (created_at) where published_at is null;
create index events_isv_idx on events (isv_id, id desc);
create index events_merchant_idx on events (merchant_id, id desc);

create table webhook_deliveries (
  id text primary key,
  event_id text not null references events(id),
  endpoint_id text not null references webhook_endpoints(id) on delete cascade,
  status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_attempt_at timestamptz,
  last_status integer,
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (event_id, endpoint_id)
);
create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_endpoint_idx on webhook_deliveries (endpoint_id, id desc);

-- The delivery log: one row per HTTP attempt.
create table webhook_attempts (
  delivery_id text not null references webhook_deliveries(id) on delete cascade,
  attempt integer not null,
  status integer,
  error text,
  duration_ms integer not null,
  response_excerpt text,
  attempted_at timestamptz not null default now(),
  primary key (delivery_id, attempt)
);
