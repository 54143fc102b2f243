// The embedded database's own thread (see pglite-thread.ts). Plain JavaScript: a worker thread
// does not inherit the main thread's TypeScript loader, and this side only relays messages.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, parse, protocol, types } from '@electric-sql/pglite';

/** @type {{ dataDir: string | null, schema: string, readOnly: boolean }} */
const opts = workerData;
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);

// bytea goes in as it is: a byte array parameter is sent in binary format, so PostgreSQL reads the
// bytes themselves. PGlite's own serializer spelled them out as hex, byte by byte through JavaScript
// arrays, and then encoded that string: a fifth of this thread's time in a crawl, every stored page
// being a bytea parameter. Out, the hex text is decoded by Buffer (native) instead of the same way.
const BYTEA = 17;
const codecs = {
  serializers: {
    [BYTEA]: (/** @type {Uint8Array | string} */ v) => v,
  },
  parsers: {
    [BYTEA]: (/** @type {string} */ s) => {
      const b = Buffer.from(s.slice(2), 'hex');
      return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    },
  },
};

// PostgreSQL's shared buffers live in the WASM heap, all of them resident from the start: 128 MB
// by default, of a crawl's ~200 MB for this thread. A crawl appends far more than it reads back, and
// what it reads (refs, one agency's key figures) is small; the OS caches the files behind them.
const startParams = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'];

/** @type {PGlite | null} */
let db = null;
try {
  db = await PGlite.create({ ...(opts.dataDir ? { dataDir: opts.dataDir } : {}), ...codecs, startParams });
  if (opts.schema !== 'public') await db.exec(`CREATE SCHEMA IF NOT EXISTS "${opts.schema}"`);
  await db.exec(`SET search_path TO "${opts.schema}"`);
  await db.exec('SET plan_cache_mode = force_custom_plan');
  if (opts.readOnly) await db.exec('SET default_transaction_read_only = on');
  port.postMessage({ id: 0, ok: true });
} catch (err) {
  port.postMessage({ id: 0, error: describe(err) });
}

/**
 * One statement with parameters in one call into the database: Parse (the first time, see
 * `prepared`), Bind, Describe, Execute and Sync sent together. PGlite's own `query` makes six
 * calls for them (a Describe of the statement first, to learn the parameters' types and pick their
 * serializers), and each call into the WASM module has a fixed cost. Here a value's text is chosen
 * by its JavaScript type, as PGlite's serializers would for the type the server infers (which it
 * does the same way: PGlite sends no parameter types either); bytes go in binary.
 */
async function query(sql, params) {
  const parts = [];
  let name = prepared.get(sql);
  const fresh = name === undefined && prepared.size < MAX_PREPARED;
  if (fresh) {
    name = `x${++parsed}`;
    parts.push(protocol.serialize.parse({ name, text: sql }));
  } else if (name === undefined) parts.push(protocol.serialize.parse({ text: sql }));
  parts.push(
    protocol.serialize.bind({ statement: name ?? '', values: params.map(toParam) }),
    protocol.serialize.describe({ type: 'P' }),
    protocol.serialize.execute({}),
    protocol.serialize.sync(),
  );
  let messages;
  try {
    ({ messages } = await db.runExclusive(() => db.execProtocol(concat(parts), { syncToFs: false })));
  } catch (err) {
    // Whether its Parse went through is not known: a later call parses it again, under a new name.
    if (fresh) prepared.delete(sql);
    throw err;
  }
  if (fresh) prepared.set(sql, name);
  return parse.parseResults(messages, db.parsers)[0]?.rows ?? [];
}

/**
 * Statements parsed once, by their text: a crawl runs the same few dozen over and over, and their
 * parse and analysis were a third of a small one's time. Each execution is still planned for its
 * own values (`plan_cache_mode = force_custom_plan`, set at open): a plan made once for any values
 * could scan a table in full where these values need a few index lookups. Bounded; past the bound a
 * statement is parsed each time.
 */
const prepared = new Map();
const MAX_PREPARED = 500;
let parsed = 0;

/** A parameter as PGlite's serializers would write it for the type the server infers. */
function toParam(v) {
  if (v === null || v === undefined) return null;
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return types.arraySerializer(v, arrayItem);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function arrayItem(v) {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** @param {Uint8Array[]} parts */
function concat(parts) {
  let n = 0;
  for (const p of parts) n += p.byteLength;
  const out = new Uint8Array(n);
  n = 0;
  for (const p of parts) {
    out.set(p, n);
    n += p.byteLength;
  }
  return out;
}

/** What an error carries across the thread boundary: message and the SQLSTATE fields. */
function describe(err) {
  const e = /** @type {Record<string, unknown>} */ (err ?? {});
  return {
    message: err instanceof Error ? err.message : String(err),
    code: e.code,
    detail: e.detail,
    hint: e.hint,
    position: e.position,
  };
}

// Messages run in arrival order (PGlite's own lock queues them): a transaction's statements are
// sent only while the main thread holds the transaction, so nothing else interleaves.
port.on('message', async (msg) => {
  const { id, op } = msg;
  try {
    if (!db) throw new Error('the embedded database did not open');
    if (op === 'query') {
      port.postMessage({ id, rows: await query(msg.sql, msg.params ?? []) });
    } else if (op === 'exec') {
      await db.exec(msg.sql);
      port.postMessage({ id, ok: true });
    } else if (op === 'copy') {
      // COPY reads the virtual file /dev/blob: one chunk of lines per statement.
      await db.query(msg.sql, [], { blob: new Blob([msg.data]) });
      port.postMessage({ id, ok: true });
    } else if (op === 'close') {
      await db.close();
      db = null;
      port.postMessage({ id, ok: true });
    } else throw new Error(`unknown operation ${op}`);
  } catch (err) {
    port.postMessage({ id, error: describe(err) });
  }
});
