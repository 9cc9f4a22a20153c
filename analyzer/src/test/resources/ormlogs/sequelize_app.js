// Tiny Sequelize 6 program. argv[2] "benchmark" turns on benchmark: true (Executed ... Elapsed time); "params" also
// logQueryParameters: true, with the loop in a transaction (whose id the log shows instead of "default").
// Sequelize logs with console.log; capture.sh sends stdout to the sample file.
const { Sequelize, DataTypes } = require('sequelize');
const benchmark = process.argv[2] === 'benchmark' || process.argv[2] === 'params';
const logQueryParameters = process.argv[2] === 'params';
const sequelize = new Sequelize(process.env.PGDATABASE, 'postgres', '', {
  host: '127.0.0.1', port: +process.env.PGPORT, dialect: 'postgres', benchmark, logQueryParameters,
  pool: { max: 1 },
});
const Author = sequelize.define('Author', { name: DataTypes.TEXT }, { tableName: 'sq_authors' });
const Book = sequelize.define('Book', { title: DataTypes.TEXT }, { tableName: 'sq_books', indexes: [{ fields: ['title'] }] });
Author.hasMany(Book, { foreignKey: 'authorId' });
Book.belongsTo(Author, { foreignKey: 'authorId' });
(async () => {
  await sequelize.sync({ force: true });
  for (let i = 0; i < 3; i++) {
    const a = await Author.create({ name: `author ${i}` });
    for (let j = 0; j < 2; j++) await Book.create({ title: `b${i}.${j}`, authorId: a.id });
  }
  // the N+1: each author's books one at a time
  if (logQueryParameters) {
    await sequelize.transaction(async (transaction) => {
      for (const a of await Author.findAll({ transaction })) await a.getBooks({ transaction });
    });
  } else {
    for (const a of await Author.findAll()) await a.getBooks();
  }
  await Author.findAll({ include: Book });
  await sequelize.close();
})().catch((e) => { console.error(e); process.exit(1); });
