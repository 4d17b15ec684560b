-- Batch secrets at rest: encrypted with the platform's data key (AES-256-GCM, src/internal/crypto.ts),
-- bound to the batch id as additional authenticated data ('batch.secret:<id>'), so a ciphertext
-- copied to another batch does not decrypt. New batches only fill secret_encrypted. Rows written
-- before this migration keep their plaintext in `secret` until their first use, which encrypts it
-- and clears `secret` (src/store/batches.ts, batchSecret).
alter table batches add column secret_encrypted text;
alter table batches alter column secret drop not null;
alter table batches add constraint batches_secret_present check (secret is not null or secret_encrypted is not null);
