DROP TABLE "public"."follows";
