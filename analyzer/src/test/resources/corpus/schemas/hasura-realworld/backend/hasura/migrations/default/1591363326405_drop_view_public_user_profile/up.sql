DROP VIEW "public"."user_profile";
