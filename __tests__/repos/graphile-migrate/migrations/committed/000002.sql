--! Previous: sha1:c6201b63605b0004a42e9d937d2f8b87dd0fbe29
--! Hash: sha1:ef8d6ec6d1922ccdbc7f7a7eaad2e670bcae9141
--! Message: teams and memberships

do $$
begin
  create type membership_role as enum ('owner', 'admin', 'member');
exception
  when duplicate_object then null;
end
$$;

create table teams (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  created_at timestamptz not null default now()
);

create table memberships (
  team_id uuid not null references teams on delete cascade,
  "userId" uuid not null references users on delete cascade,
  role membership_role not null default 'member',
  primary key (team_id, "userId")
);
create index memberships_user_id_idx on memberships ("userId");
