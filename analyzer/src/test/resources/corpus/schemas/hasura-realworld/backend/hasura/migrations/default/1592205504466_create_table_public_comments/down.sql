DROP TABLE "public"."comments";
