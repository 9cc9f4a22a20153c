// A small Knex 3 application on the library schema (samples/orms/schema.sql). Runs each
// pattern of samples/orms/README.md once, in order, with a 0.5 s pause between patterns.
// Knex's own log is its `debug` output (DEBUG=knex:query,knex:bindings, written to stderr by
// the debug package); run.sh makes that orm.log.
import knexFactory from 'knex';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const knex = knexFactory({
  client: 'pg',
  connection: { connectionString: process.env.DATABASE_URL, application_name: 'knex-library' },
  pool: { min: 0, max: 5 },
});

async function introspection() {
  // what a migration tool or an admin panel reads at start-up: does each table exist, its columns
  for (const table of ['authors', 'books', 'reviews']) {
    await knex.schema.hasTable(table);
    await knex(table).columnInfo();
  }
}

async function classicNPlusOne() {
  for (const author of await knex('authors').orderBy('id')) {
    await knex('books').where({ author_id: author.id });
  }
}

async function eager() {
  await knex('books').join('authors', 'authors.id', 'books.author_id')
    .select('books.*', 'authors.name as author_name').orderBy('books.id');
  const authors = await knex('authors').orderBy('id');
  await knex('books').whereIn('author_id', authors.map((a) => a.id));
}

async function slowChild() {
  for (const author of await knex('authors').orderBy('id').limit(8)) {
    await knex('reviews').where({ reviewer_id: author.id });
  }
}

async function twoQueriesPerItem() {
  for (const book of await knex('books').orderBy('id').limit(15)) {
    await knex('reviews').where({ book_id: book.id }).count('* as n');
    await knex('reviews').where({ book_id: book.id }).avg('stars as avg');
  }
}

async function offsetWalk() {
  for (let page = 0; page < 10; page++) {
    await knex('reviews').orderBy('id').limit(50).offset(page * 50);
  }
}

async function keysetWalk() {
  let last = 0;
  for (let page = 0; page < 10; page++) {
    const rows = await knex('reviews').where('id', '>', last).orderBy('id').limit(50);
    last = rows[rows.length - 1].id;
  }
}

async function rowInserts(first) {
  for (let i = first; i < first + 25; i++) {
    await knex('reviews').insert({ book_id: 1 + (i % 60), reviewer_id: 1000 + i, stars: 1 + (i % 5), body: `row ${i}` }, ['id']);
  }
}

async function rowInsertsTwoRuns() {
  await rowInserts(0);
  await sleep(300);
  await rowInserts(25);
}

async function bulkInsert() {
  await knex('reviews').insert(Array.from({ length: 50 }, (_, i) => (
    { book_id: 1 + (i % 60), reviewer_id: 2000 + i, stars: 1 + (i % 5), body: `bulk ${i}` })));
}

async function fanOut() {
  const authors = await knex('authors').orderBy('name');
  // through the pool of 5 connections at once
  await Promise.all(authors.map((a) => knex('books').where({ author_id: a.id }).count('* as n')));
}

const patterns = [introspection, classicNPlusOne, eager, slowChild, twoQueriesPerItem, offsetWalk, keysetWalk,
  rowInsertsTwoRuns, bulkInsert, fanOut];
for (const [i, pattern] of patterns.entries()) {
  if (i) await sleep(500);
  await pattern();
}
await knex.destroy();
