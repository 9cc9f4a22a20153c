// A small TypeORM 0.3 application on the library schema (samples/orms/schema.sql), entities as
// EntitySchema (plain JavaScript, no decorators). Runs each pattern of samples/orms/README.md
// once, in order, with a 0.5 s pause between patterns. TypeORM's own log is `logging: true`
// (its advanced console logger: "query: ... -- PARAMETERS: [...]"); stdout is orm.log.
import 'reflect-metadata';
import { DataSource, EntitySchema, In, MoreThan } from 'typeorm';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const Author = new EntitySchema({
  name: 'Author', tableName: 'authors',
  columns: { id: { type: Number, primary: true, generated: true }, name: { type: 'text' }, country: { type: 'text' } },
  relations: { books: { type: 'one-to-many', target: 'Book', inverseSide: 'author' } },
});
const Book = new EntitySchema({
  name: 'Book', tableName: 'books',
  columns: {
    id: { type: Number, primary: true, generated: true },
    authorId: { type: 'integer', name: 'author_id' }, title: { type: 'text' }, year: { type: 'integer' },
  },
  relations: { author: { type: 'many-to-one', target: 'Author', joinColumn: { name: 'author_id' }, inverseSide: 'books' } },
});
const Review = new EntitySchema({
  name: 'Review', tableName: 'reviews',
  columns: {
    id: { type: Number, primary: true, generated: true },
    bookId: { type: 'integer', name: 'book_id' }, reviewerId: { type: 'integer', name: 'reviewer_id' },
    stars: { type: 'integer' }, body: { type: 'text' },
  },
});

const db = new DataSource({
  type: 'postgres', url: process.env.DATABASE_URL, entities: [Author, Book, Review],
  logging: true, poolSize: 5, applicationName: 'typeorm-library', synchronize: false,
});
await db.initialize();
const authors = db.getRepository('Author');
const books = db.getRepository('Book');
const reviews = db.getRepository('Review');

async function introspection() {
  // what synchronize / migration:generate read: the whole schema, without changing it
  await db.driver.createSchemaBuilder().log();
}

async function classicNPlusOne() {
  for (const author of await authors.find({ order: { id: 'ASC' } })) {
    await books.findBy({ authorId: author.id });
  }
}

async function eager() {
  await authors.find({ relations: { books: true }, order: { id: 'ASC' } });
  await books.find({ relations: { author: true }, order: { id: 'ASC' } });
  const all = await authors.find({ order: { id: 'ASC' } });
  await books.findBy({ authorId: In(all.map((a) => a.id)) });
}

async function slowChild() {
  for (const author of await authors.find({ order: { id: 'ASC' }, take: 8 })) {
    await reviews.findBy({ reviewerId: author.id });
  }
}

async function twoQueriesPerItem() {
  for (const book of await books.find({ order: { id: 'ASC' }, take: 15 })) {
    await reviews.countBy({ bookId: book.id });
    await reviews.average('stars', { bookId: book.id });
  }
}

async function offsetWalk() {
  for (let page = 0; page < 10; page++) {
    await reviews.find({ order: { id: 'ASC' }, take: 50, skip: page * 50 });
  }
}

async function keysetWalk() {
  let last = 0;
  for (let page = 0; page < 10; page++) {
    const rows = await reviews.find({ where: { id: MoreThan(last) }, order: { id: 'ASC' }, take: 50 });
    last = rows[rows.length - 1].id;
  }
}

async function rowInserts(first) {
  for (let i = first; i < first + 25; i++) {
    // save() runs each INSERT in its own transaction
    await reviews.save(reviews.create({ bookId: 1 + (i % 60), reviewerId: 1000 + i, stars: 1 + (i % 5), body: `row ${i}` }));
  }
}

async function rowInsertsTwoRuns() {
  await rowInserts(0);
  await sleep(300);
  await rowInserts(25);
}

async function bulkInsert() {
  await reviews.insert(Array.from({ length: 50 }, (_, i) => (
    { bookId: 1 + (i % 60), reviewerId: 2000 + i, stars: 1 + (i % 5), body: `bulk ${i}` })));
}

async function fanOut() {
  const list = await authors.find({ order: { name: 'ASC' } });
  // through the pool of 5 connections at once
  await Promise.all(list.map((a) => books.countBy({ authorId: a.id })));
}

const patterns = [introspection, classicNPlusOne, eager, slowChild, twoQueriesPerItem, offsetWalk, keysetWalk,
  rowInsertsTwoRuns, bulkInsert, fanOut];
for (const [i, pattern] of patterns.entries()) {
  if (i) await sleep(500);
  await pattern();
}
await db.destroy();
