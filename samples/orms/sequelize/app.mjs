// A small Sequelize 6 application on the library schema (samples/orms/schema.sql).
// Runs each pattern of samples/orms/README.md once, in order, with a 0.5 s pause between
// patterns. Sequelize's own log is its default `logging` (console.log: "Executing (default): ...")
// with benchmark: true (each line ends with the elapsed time); stdout is orm.log.
import { Sequelize, DataTypes, Op } from 'sequelize';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sequelize = new Sequelize(process.env.DATABASE_URL, {
  dialect: 'postgres',
  benchmark: true,
  logging: console.log,
  pool: { max: 5, min: 0 },
  dialectOptions: { application_name: 'sequelize-library' },
  define: { timestamps: false, underscored: true },
});

const Author = sequelize.define('Author', { name: DataTypes.TEXT, country: DataTypes.TEXT }, { tableName: 'authors' });
const Book = sequelize.define('Book', { title: DataTypes.TEXT, year: DataTypes.INTEGER }, { tableName: 'books' });
const Review = sequelize.define('Review', {
  reviewerId: DataTypes.INTEGER, stars: DataTypes.INTEGER, body: DataTypes.TEXT,
}, { tableName: 'reviews' });
Author.hasMany(Book, { as: 'books', foreignKey: 'author_id' });
Book.belongsTo(Author, { as: 'author', foreignKey: 'author_id' });
Book.hasMany(Review, { as: 'reviews', foreignKey: 'book_id' });

async function introspection() {
  // sync() on existing tables: CREATE TABLE IF NOT EXISTS and the index introspection, per model
  await sequelize.sync();
}

async function classicNPlusOne() {
  for (const author of await Author.findAll({ order: [['id', 'ASC']] })) {
    await author.getBooks();
  }
}

async function eager() {
  await Author.findAll({ order: [['id', 'ASC']], include: [{ model: Book, as: 'books' }] });
  await Book.findAll({ order: [['id', 'ASC']], include: [{ model: Author, as: 'author' }] });
  const authors = await Author.findAll({ order: [['id', 'ASC']] });
  await Book.findAll({ where: { author_id: authors.map((a) => a.id) } });
}

async function slowChild() {
  for (const author of await Author.findAll({ order: [['id', 'ASC']], limit: 8 })) {
    await Review.findAll({ where: { reviewerId: author.id } });
  }
}

async function twoQueriesPerItem() {
  for (const book of await Book.findAll({ order: [['id', 'ASC']], limit: 15 })) {
    await Review.count({ where: { book_id: book.id } });
    await Review.aggregate('stars', 'avg', { where: { book_id: book.id } });
  }
}

async function offsetWalk() {
  for (let page = 0; page < 10; page++) {
    await Review.findAll({ order: [['id', 'ASC']], limit: 50, offset: page * 50 });
  }
}

async function keysetWalk() {
  let last = 0;
  for (let page = 0; page < 10; page++) {
    const rows = await Review.findAll({ where: { id: { [Op.gt]: last } }, order: [['id', 'ASC']], limit: 50 });
    last = rows[rows.length - 1].id;
  }
}

async function rowInserts(first) {
  for (let i = first; i < first + 25; i++) {
    await Review.create({ book_id: 1 + (i % 60), reviewerId: 1000 + i, stars: 1 + (i % 5), body: `row ${i}` });
  }
}

async function rowInsertsTwoRuns() {
  await rowInserts(0);
  await sleep(300);
  await rowInserts(25);
}

async function bulkInsert() {
  await Review.bulkCreate(Array.from({ length: 50 }, (_, i) => (
    { book_id: 1 + (i % 60), reviewerId: 2000 + i, stars: 1 + (i % 5), body: `bulk ${i}` })));
}

async function fanOut() {
  const authors = await Author.findAll({ order: [['name', 'ASC']] });
  // through the pool of 5 connections at once
  await Promise.all(authors.map((a) => a.countBooks()));
}

const patterns = [introspection, classicNPlusOne, eager, slowChild, twoQueriesPerItem, offsetWalk, keysetWalk,
  rowInsertsTwoRuns, bulkInsert, fanOut];
for (const [i, pattern] of patterns.entries()) {
  if (i) await sleep(500);
  await pattern();
}
await sequelize.close();
