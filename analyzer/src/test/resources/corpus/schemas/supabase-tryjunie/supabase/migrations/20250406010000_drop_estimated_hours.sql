-- estimated_hoursカラムをtasksテーブルから削除
alter table public.tasks
drop column estimated_hours; 