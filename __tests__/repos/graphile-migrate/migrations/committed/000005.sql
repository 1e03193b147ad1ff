--! Previous: sha1:b2baa3ff71bc93eedd19f176ff0e86cdc2ea2c02
--! Hash: sha1:a0714fb7dd46339b7cd0ad3101d5c992e713612d
--! Message: audit events

create table audit_events (
  id bigint generated always as identity primary key,
  "userId" uuid references users on delete set null,
  actor_role membership_role,
  event text not null,
  payload jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create index audit_events_user_id_idx on audit_events ("userId");

-- Pins were replaced by favourites in the client; colours by icons.
drop table project_pins;
alter table projects drop column color;
