alter table "public"."favourites" rename to "likes";
