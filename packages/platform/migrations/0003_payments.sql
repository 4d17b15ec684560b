-- Payment codes (收款码): static codes per merchant/store, dynamic orders, payment attempts.

-- EMV tags 59/60 only carry Latin text (format ans). A merchant's Latin name and city are kept
-- here; the first payment code created with a Latin name sets them when they are still empty.
alter table merchants add column if not exists name_latin text;
alter table merchants add column if not exists city_latin text;

create table payment_codes (
  id text primary key,
  merchant_id text not null references merchants(id),
  -- The random part of the aggregated URL `/p/<token>`; printed on the counter card.
  token text not null unique,
  merchant_name_latin text not null,
  merchant_city_latin text not null,
  merchant_city text,
  mcc text not null,
  store_label text,
  terminal_label text,
  description text,
  status text not null default 'active' check (status in ('active', 'disabled')),
  metadata jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index payment_codes_merchant_idx on payment_codes (merchant_id, id desc);

-- Dynamic orders (created by a till, paid by confirming) and payments made to a static code
-- (created by the payment itself, with the amount the consumer typed) share one table, so a
-- merchant reads every payment from one list and gets `order.paid` for both.
create table orders (
  id text primary key,
  merchant_id text not null references merchants(id),
  type text not null check (type in ('dynamic', 'static')),
  payment_code_id text references payment_codes(id),
  token text unique,
  amount bigint not null check (amount > 0),
  currency text not null check (currency = 'CNY'),
  description text,
  reference text,
  merchant_name_latin text not null,
  merchant_city_latin text not null,
  merchant_city text,
  mcc text not null,
  store_label text,
  terminal_label text,
  status text not null check (status in ('pending', 'paid', 'expired', 'cancelled')),
  expires_at timestamptz not null,
  paid_at timestamptz,
  expired_at timestamptz,
  cancelled_at timestamptz,
  network text,
  network_transaction_id text,
  payer text,
  -- Guards against a wallet form sent twice: the same attempt pays once.
  wallet_attempt text unique,
  metadata jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (type = 'static' or token is not null),
  check (status <> 'paid' or paid_at is not null)
);
create index orders_merchant_idx on orders (merchant_id, id desc);
create index orders_pending_expiry_idx on orders (expires_at) where status = 'pending';
-- The per-payer daily limit of static codes sums these.
create index orders_static_payer_idx on orders (payer, paid_at) where type = 'static' and status = 'paid';

-- Every refused or failed payment attempt, so a late payment to an expired order is on record.
create table payment_attempts (
  id bigint generated always as identity primary key,
  order_id text references orders(id),
  payment_code_id text references payment_codes(id),
  amount bigint not null,
  payer text not null,
  outcome text not null,
  message text not null,
  created_at timestamptz not null default now()
);
create index payment_attempts_order_idx on payment_attempts (order_id, id desc);
