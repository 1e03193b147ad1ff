-- The CLI runs CREATE INDEX CONCURRENTLY on its own, outside the file's
-- transaction, and carries on with the rest of the file afterwards.
create index concurrently if not exists audit_log_created_at_idx
  on public.audit_log (created_at desc);

comment on index public.audit_log_created_at_idx is 'Recent activity feed';
