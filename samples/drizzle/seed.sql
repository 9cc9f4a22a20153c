create table projects (id serial primary key, name text not null);
create table tasks (id serial primary key, project_id integer not null references projects, title text not null, done boolean not null default false);
insert into projects (name) select 'project ' || g from generate_series(1, 6) g;
insert into tasks (project_id, title) select 1 + g % 6, 'task ' || g from generate_series(1, 60) g;
