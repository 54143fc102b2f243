// The embedded database's own thread (see pglite-thread.ts). Plain JavaScript: a worker thread
// does not inherit the main thread's TypeScript loader, and this side only relays messages.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

/** @type {{ dataDir: string | null, schema: string, readOnly: boolean, initOnly?: boolean }} */
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
  if (opts.initOnly) {
    await db.close();
    db = null;
    port.postMessage({ id: 0, ok: true });
    process.exit(0);
  }
  if (opts.schema !== 'public') await db.exec(`CREATE SCHEMA IF NOT EXISTS "${opts.schema}"`);
  await db.exec(`SET search_path TO "${opts.schema}"`);
  if (opts.readOnly) await db.exec('SET default_transaction_read_only = on');
  port.postMessage({ id: 0, ok: true });
} catch (err) {
  port.postMessage({ id: 0, error: describe(err) });
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
      const res = await db.query(msg.sql, msg.params ?? []);
      port.postMessage({ id, rows: res.rows });
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
