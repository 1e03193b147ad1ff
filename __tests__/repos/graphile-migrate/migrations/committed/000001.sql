--! Previous: -
--! Hash: sha1:c6201b63605b0004a42e9d937d2f8b87dd0fbe29
--! Message: create users

create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null unique,
  name text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create function tg__timestamps() returns trigger as $$
begin
  NEW.updated_at = now();
  return NEW;
end;
$$ language plpgsql volatile;

create trigger _100_timestamps
  before update on users
  for each row execute procedure tg__timestamps();

grant all on users to :DATABASE_OWNER;
