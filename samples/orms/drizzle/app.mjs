// A small Drizzle ORM application (node-postgres driver, a pg Pool of 5) on the library schema
// (samples/orms/schema.sql). Runs each pattern of samples/orms/README.md once, in order, with a
// 0.5 s pause between patterns. Drizzle's own log is `logger: true` ("Query: ... -- params: [...]"
// on stdout, which is orm.log).
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { pgTable, serial, integer, text } from 'drizzle-orm/pg-core';
import { relations, eq, gt, inArray, asc, count, avg } from 'drizzle-orm';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const authors = pgTable('authors', { id: serial('id').primaryKey(), name: text('name').notNull(), country: text('country').notNull() });
const books = pgTable('books', {
  id: serial('id').primaryKey(), authorId: integer('author_id').notNull(), title: text('title').notNull(), year: integer('year').notNull(),
});
const reviews = pgTable('reviews', {
  id: serial('id').primaryKey(), bookId: integer('book_id').notNull(), reviewerId: integer('reviewer_id').notNull(),
  stars: integer('stars').notNull(), body: text('body').notNull(),
});
const authorsRelations = relations(authors, ({ many }) => ({ books: many(books) }));
const booksRelations = relations(books, ({ one }) => ({ author: one(authors, { fields: [books.authorId], references: [authors.id] }) }));

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 5, application_name: 'drizzle-library' });
const db = drizzle(pool, { logger: true, schema: { authors, books, reviews, authorsRelations, booksRelations } });

async function introspection() {
  // the migrator's start-up: its schema and journal table, the last applied migration (none to apply)
  await migrate(db, { migrationsFolder: new URL('./migrations', import.meta.url).pathname });
}

async function classicNPlusOne() {
  for (const author of await db.select().from(authors).orderBy(asc(authors.id))) {
    await db.select().from(books).where(eq(books.authorId, author.id));
  }
}

async function eager() {
  await db.query.authors.findMany({ with: { books: true }, orderBy: [asc(authors.id)] });
  await db.select().from(books).innerJoin(authors, eq(books.authorId, authors.id)).orderBy(asc(books.id));
  const all = await db.select().from(authors).orderBy(asc(authors.id));
  await db.select().from(books).where(inArray(books.authorId, all.map((a) => a.id)));
}

async function slowChild() {
  for (const author of await db.select().from(authors).orderBy(asc(authors.id)).limit(8)) {
    await db.select().from(reviews).where(eq(reviews.reviewerId, author.id));
  }
}

async function twoQueriesPerItem() {
  for (const book of await db.select().from(books).orderBy(asc(books.id)).limit(15)) {
    await db.select({ n: count() }).from(reviews).where(eq(reviews.bookId, book.id));
    await db.select({ avg: avg(reviews.stars) }).from(reviews).where(eq(reviews.bookId, book.id));
  }
}

async function offsetWalk() {
  for (let page = 0; page < 10; page++) {
    await db.select().from(reviews).orderBy(asc(reviews.id)).limit(50).offset(page * 50);
  }
}

async function keysetWalk() {
  let last = 0;
  for (let page = 0; page < 10; page++) {
    const rows = await db.select().from(reviews).where(gt(reviews.id, last)).orderBy(asc(reviews.id)).limit(50);
    last = rows[rows.length - 1].id;
  }
}

async function rowInserts(first) {
  for (let i = first; i < first + 25; i++) {
    await db.insert(reviews).values({ bookId: 1 + (i % 60), reviewerId: 1000 + i, stars: 1 + (i % 5), body: `row ${i}` });
  }
}

async function rowInsertsTwoRuns() {
  await rowInserts(0);
  await sleep(300);
  await rowInserts(25);
}

async function bulkInsert() {
  await db.insert(reviews).values(Array.from({ length: 50 }, (_, i) => (
    { bookId: 1 + (i % 60), reviewerId: 2000 + i, stars: 1 + (i % 5), body: `bulk ${i}` })));
}

async function fanOut() {
  const list = await db.select().from(authors).orderBy(asc(authors.name));
  // through the pool of 5 connections at once
  await Promise.all(list.map((a) => db.select({ n: count() }).from(books).where(eq(books.authorId, a.id))));
}

const patterns = [introspection, classicNPlusOne, eager, slowChild, twoQueriesPerItem, offsetWalk, keysetWalk,
  rowInsertsTwoRuns, bulkInsert, fanOut];
for (const [i, pattern] of patterns.entries()) {
  if (i) await sleep(500);
  await pattern();
}
await pool.end();
