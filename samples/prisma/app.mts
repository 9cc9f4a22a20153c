// The task board on Prisma ORM 7 with the pg driver adapter: an N+1 loop and row-by-row inserts.
// LOGGER=querylens writes QueryLens's trace format (TRACE_FILE) from Prisma's query events instead
// of Prisma's own stdout query log.
import { PrismaClient } from './generated/client.ts';
import { PrismaPg } from '@prisma/adapter-pg';
import { appendFileSync } from 'node:fs';

const custom = process.env.LOGGER === 'querylens';
const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL, max: 1 });
const quiet = process.env.LOGGER === 'none';
const prisma = new PrismaClient({ adapter, log: quiet ? [] : [custom ? { emit: 'event', level: 'query' } : { emit: 'stdout', level: 'query' }] });
if (custom) {
  prisma.$on('query', (e) => appendFileSync(process.env.TRACE_FILE!, JSON.stringify({
    sql: e.query, params: JSON.parse(e.params).map((v) => (v === null ? null : typeof v === 'object' ? JSON.stringify(v) : String(v))),
    timestamp: e.timestamp.toISOString(), durationNanos: Math.round(e.duration * 1e6) }) + '\n'));
}
console.log('taskboard started');
for (let i = 1; i <= 3; i++) {
  const projects = await prisma.project.findMany({ orderBy: { id: 'asc' } });
  let n = 0;
  for (const p of projects) {
    n += (await prisma.task.findMany({ where: { projectId: p.id } })).length; // N+1
  }
  console.log(`GET /board#${i} -> ${projects.length} projects, ${n} tasks`);
}
for (let k = 1; k <= 12; k++) {
  await prisma.task.create({ data: { projectId: 1, title: `imported task ${k}` } }); // one round trip per row
}
console.log('POST /import -> 12 tasks');
await prisma.$disconnect();
console.log('taskboard stopped');
