// A small Sequelize 6 application's database work, one pattern after another, against PostgreSQL 15.
const { Sequelize, DataTypes, Op } = require('sequelize');
const port = process.argv[2];
const sequelize = new Sequelize(`postgres://postgres@127.0.0.1:${port}/orm`, { logging: false, dialectOptions: { application_name: 'bookshop-sequelize' } });
const Author = sequelize.define('Author', { name: DataTypes.TEXT }, { tableName: 'seq_authors' });
const Book = sequelize.define('Book', { title: DataTypes.TEXT }, { tableName: 'seq_books' });
Author.hasMany(Book, { foreignKey: 'authorId' });
Book.belongsTo(Author, { foreignKey: 'authorId' });
const sleep = ms => new Promise(r => setTimeout(r, ms));
(async () => {
  await sequelize.sync({ force: true });
  await Author.bulkCreate(Array.from({ length: 12 }, (_, i) => ({ name: `author ${i + 1}` })));      // bulk: silent
  await Book.bulkCreate(Array.from({ length: 36 }, (_, g) => ({ authorId: 1 + g % 12, title: `book ${g}` })));
  await sleep(500);
  for (const a of await Author.findAll({ order: [['id', 'ASC']] })) {        // N+1: 12 getBooks()
    await a.getBooks();
  }
  await sleep(500);
  await Author.findAll({ include: Book });                                    // done right: silent
  await sleep(500);
  const authors = await Author.findAll({ order: [['id', 'ASC']] });           // concurrent N+1 over the pool
  await Promise.all(authors.map(a => a.getBooks()));
  await sleep(500);
  for (let i = 0; i < 25; i++) {                                              // row-by-row: 25 creates
    await Book.create({ authorId: 1, title: `new ${i}` });
  }
  await sleep(500);
  for (let offset = 0; offset < 60; offset += 10) {                           // OFFSET page walk: silent
    await Book.findAll({ order: [['id', 'ASC']], limit: 10, offset });
  }
  await sequelize.close();
})().catch(e => { console.error(e); process.exit(1); });
