alter table "public"."users" drop constraint "non_empty_email";
