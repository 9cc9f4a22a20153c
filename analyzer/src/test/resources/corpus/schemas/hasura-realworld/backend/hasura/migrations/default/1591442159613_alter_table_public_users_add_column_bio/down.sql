ALTER TABLE "public"."users" DROP COLUMN "bio";
