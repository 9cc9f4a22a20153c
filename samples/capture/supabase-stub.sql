-- The parts of a Supabase database the migrations rely on, for a plain PostgreSQL server:
-- the auth schema with auth.uid(), and the roles policies are granted to.
CREATE SCHEMA IF NOT EXISTS auth;
CREATE OR REPLACE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('request.jwt.claim.sub', true), '')::uuid
$$;
DO $$ BEGIN
  CREATE ROLE authenticated NOLOGIN;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
DO $$ BEGIN
  CREATE ROLE app LOGIN BYPASSRLS;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
