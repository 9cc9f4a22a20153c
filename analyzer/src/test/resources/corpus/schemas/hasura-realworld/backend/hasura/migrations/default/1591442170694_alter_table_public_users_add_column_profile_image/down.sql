ALTER TABLE "public"."users" DROP COLUMN "profile_image";
