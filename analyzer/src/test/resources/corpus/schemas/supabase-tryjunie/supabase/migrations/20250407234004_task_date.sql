alter table "public"."tasks" add column "task_date" date not null default CURRENT_DATE;


