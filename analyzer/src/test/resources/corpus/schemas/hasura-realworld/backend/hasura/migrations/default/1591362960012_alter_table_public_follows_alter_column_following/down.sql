alter table "public"."follows" rename column "following_id" to "following";
