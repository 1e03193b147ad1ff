-- Enter migration here
comment on table audit_events is 'Who did what, for the activity feed';
