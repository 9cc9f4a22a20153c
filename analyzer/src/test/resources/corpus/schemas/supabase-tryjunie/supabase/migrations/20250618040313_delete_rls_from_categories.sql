alter table "public"."categories" disable row level security;


