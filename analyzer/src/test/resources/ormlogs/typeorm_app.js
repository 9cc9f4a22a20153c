// Tiny TypeORM program with logging: true and maxQueryExecutionTime (for "query is slow"); the
// default advanced-console logger writes to stdout, which capture.sh sends to the sample file.
require('reflect-metadata');
const { DataSource, EntitySchema } = require('typeorm');
const Author = new EntitySchema({
  name: 'Author', tableName: 'to_author',
  columns: { id: { type: Number, primary: true, generated: true }, name: { type: String } },
  relations: { books: { type: 'one-to-many', target: 'Book', inverseSide: 'author' } },
});
const Book = new EntitySchema({
  name: 'Book', tableName: 'to_book',
  columns: { id: { type: Number, primary: true, generated: true }, title: { type: String } },
  relations: { author: { type: 'many-to-one', target: 'Author', joinColumn: true, inverseSide: 'books' } },
});
const ds = new DataSource({
  type: 'postgres', host: '127.0.0.1', port: +process.env.PGPORT, username: 'postgres', database: process.env.PGDATABASE,
  entities: [Author, Book], synchronize: true, dropSchema: true, logging: true, maxQueryExecutionTime: 5,
});
(async () => {
  await ds.initialize();
  const authors = ds.getRepository('Author');
  const books = ds.getRepository('Book');
  for (let i = 0; i < 3; i++) {
    const a = await authors.save({ name: `author ${i}` });
    for (let j = 0; j < 2; j++) await books.save({ title: `b${i}.${j}`, author: a });
  }
  // the N+1: each author's books one at a time
  for (const a of await authors.find()) await books.find({ where: { author: { id: a.id } } });
  await authors.find({ relations: { books: true } });
  await ds.query('SELECT pg_sleep(0.02)');
  try { await ds.query('SELECT no_such_column FROM to_author WHERE id = $1', [1]); } catch (e) { /* logged as query failed */ }
  await ds.destroy();
})().catch((e) => { console.error(e); process.exit(1); });
