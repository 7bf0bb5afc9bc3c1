import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';
import pg from 'pg';

/**
 * Prisma's schema engine, offline. Prisma's CLI (`migrate diff`, `migrate dev`) needs a native
 * engine that cannot be downloaded on these machines; `@prisma/schema-engine-wasm` is the same
 * engine compiled to WebAssembly (pinned in package.json to the build matching prisma 7.10.0).
 * It is an internal Prisma package, so this file is the ONLY place that touches it: the
 * schema-drift test and scripts/migration-diff.ts both go through `diffDatabaseToSchema`.
 *
 * The engine reaches the database through a driver adapter (adapter-pg on a pg.Pool we own),
 * not through a URL: the wasm build has no network stack of its own.
 */

const WASM_PACKAGE = '@prisma/schema-engine-wasm';
/** wasm-bindgen's glue module name, as recorded in the .wasm file's import section. */
const GLUE_MODULE = './schema_engine_bg.js';

export interface DiffOptions {
  /** Receives the engine's log lines (JSON strings); silent by default. */
  onLog?: (line: string) => void;
}

/**
 * The SQL that takes the live database at `databaseUrl` to the schema in `schemaPath`: an empty
 * string when they agree. Tables the schema does not model (notably `_prisma_migrations`) are
 * left alone by the engine, as `prisma migrate diff` does.
 */
export async function diffDatabaseToSchema(databaseUrl: string, schemaPath: string, options: DiffOptions = {}): Promise<string> {
  const schemaText = await readFile(schemaPath, 'utf8');
  return withSchemaEngine(databaseUrl, { path: schemaPath, content: schemaText }, options, async (engine) => {
    const files = [{ path: schemaPath, content: schemaText }];
    const result = await engine.diff({
      // "schemaDatasource" = the live database behind the schema's datasource, reached through
      // the adapter. The wasm engine refuses the "url" variant ("--from-url and --to-url flags
      // are no longer supported"): it has no database driver of its own.
      from: { tag: 'schemaDatasource', files, configDir: path.dirname(schemaPath) },
      to: { tag: 'schemaDatamodel', files },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return normaliseScript(result.stdout ?? '');
  });
}

/** The engine prints "-- This is an empty migration." when there is nothing to do. */
function normaliseScript(script: string): string {
  const meaningful = script
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('--'));
  return meaningful.length === 0 ? '' : script.trim() + '\n';
}

interface SchemaFile {
  path: string;
  content: string;
}

async function withSchemaEngine<T>(
  databaseUrl: string,
  schema: SchemaFile,
  options: DiffOptions,
  run: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const glue = await loadEngine();
  // Our own pool, so that we can close it: neither the engine nor free() ever disposes the
  // adapters it opens, and a pg.Pool's idle connections hold the process open for its 10 s
  // idleTimeoutMillis (the "~10 s timer" in stack.md) and keep sessions open on the server.
  const pool = new pg.Pool({ connectionString: databaseUrl, application_name: 'lifeguard-schema-engine', max: 2 });
  tagCharColumnsAsText(pool);
  const adapterFactory = bindMigrationAwareSqlAdapterFactory(withoutShadowDatabase(new PrismaPg(pool)));
  const log = options.onLog ?? (() => {});
  let engine: SchemaEngine | undefined;
  try {
    engine = await glue.SchemaEngine.new({ datamodels: [[schema.path, schema.content]] }, (line: unknown) => log(String(line)), adapterFactory);
    return await run(engine);
  } catch (error) {
    if (lastPanic !== undefined) {
      const message = lastPanic;
      lastPanic = undefined;
      // A panic traps inside the wasm instance and may leave its memory inconsistent: the next
      // caller gets a fresh instance. (Freeing engines of the dead one is skipped for that reason.)
      loading = undefined;
      engine = undefined;
      throw new Error(`Prisma schema engine panicked: ${message}`, { cause: error });
    }
    throw asError(error);
  } finally {
    engine?.free();
    await pool.end();
  }
}

/**
 * adapter-pg's connectToShadowDb() creates `prisma_migrate_shadow_db_<uuid>` and then opens
 * `{...config, database}` — but when the config holds a connectionString, pg lets the string's
 * database win, so the shadow migrations would be replayed into the MAIN database. Nothing here
 * needs a shadow database (we diff a database that already has the migrations applied), so
 * refuse loudly instead of ever risking that.
 */
function withoutShadowDatabase(factory: PrismaPg): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => withCharColumns(await factory.connect()),
    connectToShadowDb: () => Promise.reject(new Error('schema-engine.ts: shadow databases are deliberately unsupported (see withoutShadowDatabase)')),
  };
}

/** PostgreSQL's internal one-byte type `"char"` (pg_constraint.contype, pg_class.relkind, ...). */
const CHAR_OID = 18;
const TEXT_OID = 25;
/** NUL cannot occur in a PostgreSQL identifier, so this suffix cannot collide with a real column. */
const CHAR_TAG = '\u0000"char"';

/**
 * adapter-pg refuses result columns of type `"char"` (UnsupportedNativeDataType), and the engine's
 * introspection selects one bare — `pg_constraint.contype AS constraint_type` in its check-
 * constraint query — so every diff against a live database fails with "Column type 'char' could
 * not be deserialized". A schema filter cannot avoid it: the query runs, and its columns are typed,
 * even when no such constraint exists (and PostgreSQL 18 records NOT NULLs there, so rows exist).
 * Relabelling the column as text is not enough either: the engine then panics reading it "as char".
 *
 * So two small shims, per object (never pg's shared prototypes):
 *  1. on the pool adapter-pg queries through, a `"char"` result column becomes text (its value
 *     already arrives as a one-character string) and its name gets CHAR_TAG;
 *  2. around the adapter, queryRaw strips the tag and reports the column as ColumnType Character,
 *     which is what the engine's native driver would have said.
 * Transactions (pool clients) are deliberately not shimmed: the diff never reads "char" in one,
 * and if a future engine does, it fails loudly as before instead of leaking the tag.
 */
function tagCharColumnsAsText(pool: pg.Pool): void {
  const query: (...args: unknown[]) => unknown = pool.query.bind(pool);
  const patched = (...args: unknown[]): unknown => {
    const result = query(...args);
    // adapter-pg only uses the promise forms; callback forms return undefined and pass through.
    return result instanceof Promise ? result.then(tagCharFields) : result;
  };
  Object.defineProperty(pool, 'query', { value: patched, configurable: true, writable: true });
}

function tagCharFields(result: unknown): unknown {
  if (typeof result === 'object' && result !== null && 'fields' in result && Array.isArray(result.fields)) {
    const fields: unknown[] = result.fields;
    result.fields = fields.map((field) =>
      typeof field === 'object' && field !== null && 'dataTypeID' in field && field.dataTypeID === CHAR_OID && 'name' in field
        ? { ...field, name: `${String(field.name)}${CHAR_TAG}`, dataTypeID: TEXT_OID }
        : field,
    );
  }
  return result;
}

function withCharColumns(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: async (query) => {
      const result = await adapter.queryRaw(query);
      if (!result.columnNames.some((name) => name.endsWith(CHAR_TAG))) return result;
      return {
        ...result,
        columnNames: result.columnNames.map((name) => (name.endsWith(CHAR_TAG) ? name.slice(0, -CHAR_TAG.length) : name)),
        columnTypes: result.columnTypes.map((type, i) => (result.columnNames[i]?.endsWith(CHAR_TAG) ? ColumnTypeEnum.Character : type)),
      };
    },
    executeRaw: (query) => adapter.executeRaw(query),
    executeScript: (script) => adapter.executeScript(script),
    startTransaction: (isolationLevel) => adapter.startTransaction(isolationLevel),
    ...(adapter.getConnectionInfo ? { getConnectionInfo: adapter.getConnectionInfo.bind(adapter) } : {}),
    dispose: () => adapter.dispose(),
  };
}

/** The engine rejects with plain objects ({message, ...}) as often as with Errors. */
function asError(error: unknown): Error {
  if (error instanceof Error) return error;
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') {
    return new Error(`Prisma schema engine: ${error.message}`, { cause: error });
  }
  return new Error(`Prisma schema engine: ${JSON.stringify(error)}`);
}

type Glue = typeof bindings;
let loading: Promise<Glue> | undefined;

/**
 * The package's entry (schema_engine.js) does `import * as wasm from "./schema_engine_bg.wasm"`,
 * which only bundlers understand; Node 20 cannot import a .wasm file. So we do by hand what that
 * entry does: compile the .wasm, instantiate it with the JS glue module (schema_engine_bg.js) as
 * its imports, hand the instance back to the glue with __wbg_set_wasm, and run the start function.
 * The glue keeps the instance in a module-level variable, so this must happen once per process:
 * instantiating again would swap the memory under any engine still alive.
 */
function loadEngine(): Promise<Glue> {
  return (loading ??= instantiate().catch((error: unknown) => {
    loading = undefined; // let a later call retry instead of caching the failure
    throw error;
  }));
}

async function instantiate(): Promise<Glue> {
  // The package's "exports" does not list the .wasm; it sits next to the glue module.
  const gluePath = createRequire(import.meta.url).resolve(`${WASM_PACKAGE}/schema_engine_bg`);
  const wasmModule = await WebAssembly.compile(await readFile(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm')));

  // Filled in once instantiated; the panic hook below only runs after that.
  const memory: { current?: WebAssembly.Memory } = {};
  const imports: Record<string, WebAssembly.ImportValue> = {};
  for (const { module, name } of WebAssembly.Module.imports(wasmModule)) {
    const value: unknown = Reflect.get(bindings, name);
    if (module !== GLUE_MODULE || typeof value !== 'function') {
      throw new Error(`${WASM_PACKAGE}: the .wasm wants ${module}#${name}, which its glue does not provide (mismatched install?)`);
    }
    imports[name] = name.startsWith('__wbg_setTimeout_')
      ? unrefSetTimeout
      : name.startsWith('__wbg_set_message_')
        ? (pointer: number, length: number) => recordPanic(memory.current, pointer, length)
        : (value as WebAssembly.ImportValue);
  }
  const instance = await WebAssembly.instantiate(wasmModule, { [GLUE_MODULE]: imports });
  if (instance.exports.memory instanceof WebAssembly.Memory) memory.current = instance.exports.memory;

  bindings.__wbg_set_wasm(instance.exports);
  const start = instance.exports.__wbindgen_start;
  if (typeof start !== 'function') throw new Error(`${WASM_PACKAGE}: the .wasm has no __wbindgen_start export`);
  start();
  return bindings;
}

/**
 * On a Rust panic the engine reports the message through this import, then traps. The glue's own
 * version writes to a `global.PRISMA_WASM_PANIC_REGISTRY` that only Prisma's CLI sets up; without
 * it the panic surfaces as an unrelated "Cannot read properties of undefined" TypeError. The trap
 * usually fires inside a promise callback of the engine, i.e. as an uncaught exception that ends
 * the process before any caller can catch it, so the message goes to stderr right away as well.
 */
let lastPanic: string | undefined;
function recordPanic(memory: WebAssembly.Memory | undefined, pointer: number, length: number): void {
  lastPanic = memory ? new TextDecoder().decode(new Uint8Array(memory.buffer, pointer >>> 0, length >>> 0)) : 'unknown panic';
  process.stderr.write(`Prisma schema engine (wasm) panicked: ${lastPanic}\n`);
}

/**
 * The glue imports setTimeout but no clearTimeout, so any timer the engine arms (none on the diff
 * path today, measured) would hold a finished test run or CLI open until it fires. Unref'd, it
 * still fires while the process is alive for other reasons, but never keeps it alive by itself.
 */
function unrefSetTimeout(callback: () => void, ms: number): NodeJS.Timeout {
  return setTimeout(callback, ms >>> 0).unref();
}
