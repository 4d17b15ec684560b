-- EPCIS 2.0 journey events (一物一码 溯源): capture jobs, events stored once per CBV 2.0 event hash
-- ID and merchant, the identifiers each event mentions (for MATCH_* queries and journeys), and
-- location names from captured master data.

create table epcis_captures (
  id text primary key,
  merchant_id text not null references merchants(id),
  error_behaviour text not null check (error_behaviour in ('rollback', 'proceed')),
  running boolean not null default true,
  success boolean not null default true,
  event_count integer not null default 0,
  captured_count integer not null default 0,
  duplicate_count integer not null default 0,
  -- RFC 7807 problem details, one per event that could not be stored.
  errors jsonb not null default '[]',
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index epcis_captures_merchant_idx on epcis_captures (merchant_id, id desc);

create table epcis_events (
  -- Record order: what pagination and "newest capture" follow.
  seq bigint generated always as identity,
  -- No foreign key: the merchant comes from the caller's key, and a per-row check would cost
  -- a third of the capture throughput on PGlite.
  merchant_id text not null,
  -- ni:///sha-256;…?ver=CBV2.0 of the event's content.
  hash_id text not null,
  -- The eventID as captured, when the capturer chose one other than the hash ID.
  event_id text,
  type text not null,
  action text,
  event_time timestamptz not null,
  record_time timestamptz not null default now(),
  -- CBV bare words for standard values, the URI otherwise.
  biz_step text,
  disposition text,
  -- Canonical Digital Link for GS1 keys, the URI as given otherwise.
  read_point text,
  biz_location text,
  -- Set when an error declaration for this event was captured (EPCIS 2.0 §7.4.1.3).
  error_declared_at timestamptz,
  capture_id text not null,
  -- The event as captured, with eventID and the @context its extensions need. Kept as json
  -- (text) rather than jsonb: it is only ever read whole, and storing it is twice as fast.
  body json not null,
  primary key (merchant_id, seq)
);
create unique index epcis_events_hash_idx on epcis_events (merchant_id, hash_id);
create unique index epcis_events_event_id_idx on epcis_events (merchant_id, event_id) where event_id is not null;

-- One row per identifier an event names. role: epc (epcList, childEPCs), parent (parentID),
-- in/out (transformation EPCs), class / in_class / out_class (quantity lists).
-- epc is the canonical Digital Link (https://id.gs1.org/…) for GS1 keys; C collation lets
-- EPC patterns (urn:epc:idpat:…) run as index prefix scans.
create table epcis_event_epcs (
  merchant_id text not null,
  epc text collate "C" not null,
  role text not null,
  seq bigint not null
);
create index epcis_event_epcs_idx on epcis_event_epcs (merchant_id, epc, seq);

-- Names of read points and business locations, from epcisHeader.epcisMasterData.
create table epcis_locations (
  merchant_id text not null references merchants(id),
  id text not null,
  name text,
  attributes jsonb not null default '{}',
  updated_at timestamptz not null default now(),
  primary key (merchant_id, id)
);
