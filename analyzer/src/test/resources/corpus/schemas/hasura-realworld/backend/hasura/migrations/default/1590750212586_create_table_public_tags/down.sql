DROP TABLE "public"."tags";
