alter table "public"."likes" rename to "favourites";
