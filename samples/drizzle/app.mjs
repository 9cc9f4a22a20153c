// A small task-board app on drizzle-orm + node-postgres with two classic mistakes: an N+1 loop
// (the projects, then each project's tasks one query at a time) and row-by-row inserts.
// LOGGER=querylens writes QueryLens's trace format to TRACE_FILE instead of Drizzle's own log.
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { pgTable, serial, integer, text, boolean } from 'drizzle-orm/pg-core';
import { eq, sql } from 'drizzle-orm';
import { QueryLensLogger, request, timed } from './querylens-logger.mjs';

const projects = pgTable('projects', { id: serial('id').primaryKey(), name: text('name').notNull() });
const tasks = pgTable('tasks', {
  id: serial('id').primaryKey(),
  projectId: integer('project_id').notNull(),
  title: text('title').notNull(),
  done: boolean('done').notNull().default(false),
});

// one connection, so the server log has the whole run in one session as the app's log does
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
const custom = process.env.LOGGER === 'querylens';
const db = drizzle({ client: custom ? timed(pool) : pool, logger: custom ? new QueryLensLogger(process.env.TRACE_FILE) : true });

async function projectBoard() {
  const all = await db.select().from(projects).orderBy(projects.id);
  const board = [];
  for (const p of all) {
    board.push({ ...p, tasks: await db.select().from(tasks).where(eq(tasks.projectId, p.id)) }); // N+1
  }
  return board;
}

async function importTasks(projectId, titles) {
  for (const title of titles) {
    await db.insert(tasks).values({ projectId, title }); // one round trip per row
  }
}

console.log('taskboard started');
for (let i = 1; i <= 3; i++) {
  const board = await request.run(`GET /board#${i}`, projectBoard);
  console.log(`GET /board#${i} -> ${board.length} projects, ${board.reduce((n, p) => n + p.tasks.length, 0)} tasks`);
}
await request.run('POST /import', () => importTasks(1, Array.from({ length: 12 }, (_, k) => `imported task ${k + 1}`)));
console.log('POST /import -> 12 tasks');
// hand-written SQL in sql`...` templates keeps its newlines, so Drizzle's log has these on several
// lines: one with a bound value (the line with the params ends it) and one without
const open = await db.execute(sql`select p.name, count(t.id) as open_tasks
  from projects p
  left join tasks t on t.project_id = p.id and not t.done
  where p.id <= ${3}
  group by p.name
  order by p.name`);
console.log(`GET /report -> ${open.rows.length} projects`);
const busiest = await db.execute(sql`select project_id, count(*)
    from tasks
    group by project_id
    order by count(*) desc
    limit 1`);
console.log(`GET /busiest -> project ${busiest.rows[0].project_id}`);
await pool.end();
console.log('taskboard stopped');
