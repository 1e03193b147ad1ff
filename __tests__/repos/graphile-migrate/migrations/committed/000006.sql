--! Previous: sha1:a0714fb7dd46339b7cd0ad3101d5c992e713612d
--! Hash: sha1:c6486f2f4c58e253a92751c46d0923e9de8499d5
--! Message: index audit events by time

--! no-transaction
create index concurrently if not exists audit_events_created_at_idx on audit_events (created_at);
