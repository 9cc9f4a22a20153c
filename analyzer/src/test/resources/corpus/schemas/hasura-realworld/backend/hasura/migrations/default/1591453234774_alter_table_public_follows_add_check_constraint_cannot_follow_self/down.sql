alter table "public"."follows" drop constraint "cannot_follow_self";
