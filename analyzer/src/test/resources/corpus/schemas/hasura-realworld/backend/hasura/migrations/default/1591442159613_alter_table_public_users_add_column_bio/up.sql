ALTER TABLE "public"."users" ADD COLUMN "bio" text NULL;
