// A Drizzle Logger that writes QueryLens's trace format (docs/jdbc-trace-format.md): one JSON line
// per statement with its bound values, start time, duration and the request that ran it.
// Drizzle calls logQuery just before it sends the statement, with the same params array it then
// hands to the driver, so timed(pool) finds the pending line by that array and adds the duration.
import { AsyncLocalStorage } from 'node:async_hooks';
import { appendFileSync } from 'node:fs';

export const request = new AsyncLocalStorage(); // request.run('GET /projects', handler)
const pending = new WeakMap();

export class QueryLensLogger {
  constructor(file) { this.file = file; }
  logQuery(sql, params) {
    const line = { sql, params: params.map((p) => (p == null ? null : typeof p === 'object' ? JSON.stringify(p) : String(p))),
      request: request.getStore(), timestamp: new Date().toISOString() };
    pending.set(params, { line, start: process.hrtime.bigint(), file: this.file });
  }
}

// Wraps pool.query so each statement's line is written when it finishes, with its duration.
export function timed(pool) {
  const query = pool.query.bind(pool);
  pool.query = (config, values) => {
    const p = pending.get(values);
    const done = () => {
      if (p) {
        p.line.durationNanos = Number(process.hrtime.bigint() - p.start);
        appendFileSync(p.file, JSON.stringify(p.line) + '\n');
      }
    };
    return query(config, values).finally(done);
  };
  return pool;
}
