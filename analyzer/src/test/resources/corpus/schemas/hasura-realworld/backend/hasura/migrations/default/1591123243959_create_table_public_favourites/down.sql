DROP TABLE "public"."favourites";
