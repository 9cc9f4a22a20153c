ALTER TABLE "public"."users" ADD COLUMN "profile_image" text NULL;
