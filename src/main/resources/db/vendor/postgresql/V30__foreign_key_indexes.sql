-- PostgreSQL does not index a foreign key's columns by itself (H2 does): without these, a look-up
-- by the column (a customer's suggestions, the customers merged into one, the merges that absorbed
-- one) and every delete of a referenced row (an erasure, the retention run) read the whole table.
-- PostgreSQL-only, as H2 has them already; PostgresForeignKeyIndexTest keeps every key covered.
create index ix_customer_merged_into on customer (merged_into);
create index ix_customer_merge_absorbed on customer_merge (absorbed_id);
create index ix_customer_suggestion_high on customer_suggestion (high_id);
create index ix_quarantine_retry_replayed on quarantine_retry (replayed_retry_id);
