DROP TABLE "public"."articles";
