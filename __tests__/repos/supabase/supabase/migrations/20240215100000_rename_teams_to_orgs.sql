-- The CLI runs this file in one transaction, so the lock holds until the
-- renames commit and no request sees half of them.
lock table public.teams, public.team_members in access exclusive mode;

alter table public.teams rename to orgs;
alter table public.team_members rename column team_id to org_id;
alter table public.projects rename column team_id to org_id;
