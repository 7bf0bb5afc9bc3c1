/**
 * `npm run migrate`: apply Lifeguard's migrations to DATABASE_URL (or the embedded store under
 * LIFEGUARD_DATA_DIR) and exit. The server does the same at start-up; this is for operators
 * who want to migrate a shared store before rolling out new replicas.
 */
import { loadConfig } from '../lib/config';
import { openStore } from '../lib/store';

const store = await openStore(loadConfig());
await store.close();
console.log('lifeguard: store is up to date');
