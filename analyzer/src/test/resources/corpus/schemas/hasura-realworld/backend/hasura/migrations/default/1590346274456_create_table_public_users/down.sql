DROP TABLE "public"."users";
