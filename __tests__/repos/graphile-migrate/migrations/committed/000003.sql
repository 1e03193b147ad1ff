--! Previous: sha1:ef8d6ec6d1922ccdbc7f7a7eaad2e670bcae9141
--! Hash: sha1:a21bc537988af4141f1e7b7a91660b098ff25263
--! Message: projects

create table projects (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references teams on delete cascade,
  name text not null,
  color text not null default 'blue',
  created_at timestamptz not null default now()
);
create index projects_team_id_idx on projects (team_id);
create index projects_color_idx on projects (color);

create table project_pins (
  project_id uuid not null references projects on delete cascade,
  user_id uuid not null references users on delete cascade,
  pinned_at timestamptz not null default now(),
  primary key (project_id, user_id)
);
create index project_pins_user_id_idx on project_pins (user_id);
