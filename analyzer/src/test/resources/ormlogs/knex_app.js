// Tiny Knex program. Its SQL log is the debug module's output on stderr: DEBUG=knex:query,knex:bindings
// (capture.sh). The second loop runs in a transaction, whose id the lines end with instead of "undefined".
const knex = require('knex')({
  client: 'pg',
  connection: { host: '127.0.0.1', port: +process.env.PGPORT, user: 'postgres', database: process.env.PGDATABASE },
  pool: { min: 1, max: 1 },
});
(async () => {
  await knex.schema.dropTableIfExists('kx_book');
  await knex.schema.dropTableIfExists('kx_author');
  await knex.schema.createTable('kx_author', (t) => { t.increments('id'); t.text('name'); });
  await knex.schema.createTable('kx_book', (t) => { t.increments('id'); t.integer('author_id').references('kx_author.id'); t.text('title'); });
  for (let i = 0; i < 3; i++) {
    const [a] = await knex('kx_author').insert({ name: `author ${i}` }).returning('id');
    for (let j = 0; j < 2; j++) await knex('kx_book').insert({ author_id: a.id, title: `b${i}.${j}` });
  }
  // the N+1
  for (const a of await knex('kx_author').select('id')) await knex('kx_book').where({ author_id: a.id });
  await knex('kx_book').whereIn('author_id', [1, 2, 3]);
  await knex.transaction(async (trx) => {
    for (const a of await trx('kx_author').select('id')) await trx('kx_book').where({ author_id: a.id }).first();
  });
  await knex.destroy();
})().catch((e) => { console.error(e); process.exit(1); });
