alter table "public"."follows" rename column "following" to "following_id";
