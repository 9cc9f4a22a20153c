alter table "public"."tasks" add column "task_order" integer;


