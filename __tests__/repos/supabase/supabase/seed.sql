-- Local development data, loaded by `supabase db reset` after the migrations.
INSERT INTO auth.users (id, email, aud, role)
VALUES ('00000000-0000-0000-0000-000000000001', 'dev@example.com', 'authenticated', 'authenticated');
