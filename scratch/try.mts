import { startLocalPostgres } from '../lib/store/local-postgres';
import pg from 'pg';
const t0 = Date.now();
const s = await startLocalPostgres({ dir: '/tmp/lg-try', maxConnections: 20 });
console.log('started', Date.now() - t0, s.url());
const c = new pg.Client(s.url()); await c.connect();
console.log((await c.query('show max_connections')).rows, (await c.query("select current_setting('superuser_reserved_connections'), current_setting('reserved_connections')")).rows);
await c.end(); await s.stop(); console.log('stopped');
