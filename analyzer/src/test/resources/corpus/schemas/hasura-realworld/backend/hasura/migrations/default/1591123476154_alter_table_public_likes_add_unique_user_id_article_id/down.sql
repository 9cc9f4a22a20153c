alter table "public"."likes" drop constraint "likes_user_id_article_id_key";
