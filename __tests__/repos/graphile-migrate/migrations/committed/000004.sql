--! Previous: sha1:a21bc537988af4141f1e7b7a91660b098ff25263
--! Hash: sha1:b2baa3ff71bc93eedd19f176ff0e86cdc2ea2c02
--! Message: rename teams to organizations

-- graphile-migrate wraps the migration in a transaction, so the lock is
-- held until the renames commit.
lock table teams, memberships in access exclusive mode;

alter table teams rename to organizations;
alter table memberships rename column team_id to organization_id;
alter table projects rename column team_id to organization_id;
alter table users rename column name to display_name;
