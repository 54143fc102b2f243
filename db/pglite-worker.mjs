// The embedded database's own thread (see pglite-thread.ts). Plain JavaScript: a worker thread
// does not inherit the main thread's TypeScript loader, and this side only relays messages.
import { writeSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, parse, types } from '@electric-sql/pglite';

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

/** The statements that switch the plan cache mode around a statement with one plan (hasOnePlan). */
const GENERIC = 'xgeneric';
const CUSTOM = 'xcustom';
/** Sync: the end of every call's messages. */
const SYNC = Uint8Array.of(83, 0, 0, 0, 4);

/** @type {PGlite | null} */
let db = null;
try {
  db = await liftoffOnly(() =>
    PGlite.create({ ...(opts.dataDir ? { dataDir: opts.dataDir } : {}), ...codecs, startParams }),
  );
  if (opts.dataDir) cacheFileSizes(db.Module.FS);
  if (opts.schema !== 'public') await db.exec(`CREATE SCHEMA IF NOT EXISTS "${opts.schema}"`);
  await db.exec(`SET search_path TO "${opts.schema}"`);
  await db.exec('SET plan_cache_mode = force_custom_plan');
  await db.execProtocol(
    Buffer.concat([
      parseMessage(GENERIC, 'SET plan_cache_mode = force_generic_plan'),
      parseMessage(CUSTOM, 'SET plan_cache_mode = force_custom_plan'),
      SYNC,
    ]),
  );
  if (opts.readOnly) await db.exec('SET default_transaction_read_only = on');
  port.postMessage({ id: 0, ok: true });
} catch (err) {
  port.postMessage({ id: 0, error: describe(err) });
}

/**
 * PostgreSQL's WASM module compiled by V8's baseline compiler (Liftoff) alone, never re-compiled by
 * TurboFan. By default V8 re-compiles each function that runs often, on its background threads:
 * for this 9 MB module that was CPU on those threads (the crawl bench's "rest") and ~45 MB of RSS
 * (optimised code, the compilers' memory). Same-run A/B, 2,004 pages (issue 14): RSS 405/417
 * against 456/460 MB, the crawl's CPU 13.11/11.18 against 14.40/11.98 ms a page; this thread's
 * statements run ~0.3 ms a page slower, the compiling it no longer does saves more. The flag is
 * V8's, process-wide, read when a module is compiled: it is set only while this module compiles and
 * starts. Its functions compiled later (lazily) still stay on Liftoff (measured: no tier-up CPU
 * after the reset), and other WASM in the process (undici's HTTP parser) is compiled as usual.
 */
async function liftoffOnly(open) {
  setFlagsFromString('--liftoff-only');
  try {
    return await open();
  } finally {
    setFlagsFromString('--no-liftoff-only');
  }
}

/**
 * Files' sizes kept here, so that a seek to a file's end costs no system call. PostgreSQL asks a
 * relation's size (lseek to its end) every time it plans or extends one, and Emscripten's NODEFS
 * answers each such seek with an fstat, a Stats object and its dates: a tenth of this thread's time
 * in a crawl. The data directory is this process's alone (db/dir-lock.ts) and every change to its
 * files goes through these operations, so a size learnt once stays right if each write moves it
 * (to the end of what it wrote, when past the size) and anything else that can change it — a
 * truncate, an open (O_TRUNC), a write in append mode or one that fails — forgets it; the next seek
 * to the end asks the file again. Keyed by the FS's node, one per file, shared by its streams.
 */
function cacheFileSizes(FS) {
  const nodefs = FS.filesystems.NODEFS;
  const ops = nodefs.stream_ops;
  const nodeOps = nodefs.node_ops;
  /** @type {WeakMap<object, number>} */
  const sizes = new WeakMap();
  const SEEK_END = 2;
  const O_APPEND = 1024;
  const { llseek, write, open, setattr } = ops;
  const nodeSetattr = nodeOps.setattr;
  ops.llseek = (stream, offset, whence) => {
    if (whence !== SEEK_END) return llseek(stream, offset, whence);
    const size = sizes.get(stream.node);
    if (size !== undefined && size + offset >= 0) return size + offset;
    const at = llseek(stream, offset, whence);
    if (FS.isFile(stream.node.mode)) sizes.set(stream.node, at - offset);
    return at;
  };
  ops.write = (stream, buffer, offset, length, position, canOwn) => {
    const node = stream.node;
    let n;
    try {
      n = write(stream, buffer, offset, length, position, canOwn);
    } catch (err) {
      sizes.delete(node);
      throw err;
    }
    const size = sizes.get(node);
    if (size !== undefined) {
      if (stream.flags & O_APPEND || typeof position !== 'number') sizes.delete(node);
      else if (position + n > size) sizes.set(node, position + n);
    }
    return n;
  };
  ops.open = (stream) => {
    sizes.delete(stream.node);
    return open(stream);
  };
  ops.setattr = (stream, attr) => {
    sizes.delete(stream.node);
    try {
      return setattr(stream, attr);
    } finally {
      sizes.delete(stream.node);
    }
  };
  nodeOps.setattr = (node, attr) => {
    sizes.delete(node);
    try {
      return nodeSetattr(node, attr);
    } finally {
      sizes.delete(node);
    }
  };
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
  let name = prepared.get(sql);
  const fresh = name === undefined && prepared.size < MAX_PREPARED;
  if (fresh) name = `x${++parsed}`;
  let generic = onePlan.get(sql);
  if (generic === undefined) {
    generic = hasOnePlan(sql);
    if (onePlan.size < MAX_PREPARED) onePlan.set(sql, generic);
  }
  const msg = extendedQuery(
    name ?? '',
    fresh || name === undefined ? sql : null,
    params.map(toParam),
    generic,
  );
  let messages;
  try {
    ({ messages } = await db.runExclusive(() => db.execProtocol(msg, { syncToFs: false })));
  } catch (err) {
    // Whether its Parse went through is not known: a later call parses it again, under a new name.
    if (fresh) prepared.delete(sql);
    throw err;
  }
  if (fresh) prepared.set(sql, name);
  // With the SETs around it, the statement's own result is the second.
  return parse.parseResults(messages, db.parsers)[generic ? 1 : 0]?.rows ?? [];
}

/** Describe (the portal) and Execute (all rows): the same after every Bind. */
const TAIL = Uint8Array.of(68, 0, 0, 0, 6, 80, 0, 69, 0, 0, 0, 9, 0, 0, 0, 0, 0);

/**
 * Statements planned once (force_generic_plan), the rest for their values each time (see
 * `prepared`). An INSERT of VALUES or of rows from unnest() reads no table, so its plan is the
 * same whatever the values; planned for its values, each value became a constant of the plan (the
 * bytes of every page a batch stores copied into it). The mode is read when a statement is bound,
 * so `SET plan_cache_mode` runs just before its Bind and is set back before the Sync, in the same
 * call into the database, from statements parsed once at open (if the statement fails, its
 * transaction's rollback restores the mode).
 */
const GENERIC_ON = portalRun(GENERIC);
const GENERIC_OFF = portalRun(CUSTOM);
/** Whether a statement is planned once (hasOnePlan), by its text; bounded as `prepared` is. */
const onePlan = new Map();

/**
 * An INSERT whose rows come from VALUES or unnest() alone: no table read (no other FROM, no JOIN,
 * no subquery, no WHERE but an ON CONFLICT's), so no plan to choose (an ON CONFLICT reads its
 * arbiter index whatever the plan).
 */
function hasOnePlan(sql) {
  const text = sql.replace(/\s+/g, ' ').replace(/ WITH ORDINALITY\b/gi, '');
  if (!/^ ?INSERT INTO \w+ ?\([^)]*\) ?(?:VALUES|SELECT) /i.test(text)) return false;
  if (/\b(?:JOIN|WITH|USING)\b|\( ?SELECT\b/i.test(text)) return false;
  const where = text.search(/\bWHERE\b/i);
  if (where >= 0 && !/\bON CONFLICT\b/i.test(text.slice(0, where))) return false;
  const froms = text.match(/\bFROM\b ?\w*/gi) ?? [];
  return froms.every((f) => /^FROM ?unnest$/i.test(f));
}

/** The bytes of a Parse message of `text` under `name` (writeParse's). */
function parseLength(name, text) {
  return 1 + 4 + Buffer.byteLength(name) + 1 + Buffer.byteLength(text) + 1 + 2;
}

/** Writes a Parse of `text` under `name`, without parameter types, into `out` at `o`; returns the end. */
function writeParse(out, o, name, text) {
  out[o++] = 0x50; // Parse
  o = out.writeInt32BE(parseLength(name, text) - 1, o);
  o += out.write(name, o, 'utf8');
  out[o++] = 0;
  o += out.write(text, o, 'utf8');
  out[o++] = 0;
  return out.writeInt16BE(0, o); // no parameter types: the server infers them
}

/** A Parse message on its own. */
function parseMessage(name, text) {
  const out = Buffer.allocUnsafe(parseLength(name, text));
  writeParse(out, 0, name, text);
  return out;
}

/** Bind of a statement without parameters into a portal, Execute of it and Close of the portal. */
function portalRun(statement) {
  const portal = 'xmode';
  const bindLen = 4 + portal.length + 1 + statement.length + 1 + 2 + 2 + 2;
  const execLen = 4 + portal.length + 1 + 4;
  const closeLen = 4 + 1 + portal.length + 1;
  const out = Buffer.alloc(3 + bindLen + execLen + closeLen); // zeros: the NULs and the counts
  let o = 0;
  out[o] = 0x42; // Bind
  out.writeInt32BE(bindLen, o + 1);
  out.write(portal, o + 5, 'latin1');
  out.write(statement, o + 5 + portal.length + 1, 'latin1');
  o += 1 + bindLen;
  out[o] = 0x45; // Execute, all rows
  out.writeInt32BE(execLen, o + 1);
  out.write(portal, o + 5, 'latin1');
  o += 1 + execLen;
  out[o] = 0x43; // Close the portal
  out.writeInt32BE(closeLen, o + 1);
  out[o + 5] = 0x50;
  out.write(portal, o + 6, 'latin1');
  return out;
}

/**
 * Parse (when `text` is given), Bind, Describe, Execute and Sync, written once into one buffer of
 * their exact size. PGlite's serializers grew a buffer by half again and again as a Bind filled,
 * copied each byte parameter out first, and copied the whole once more to end it (and then once
 * more here, to join the messages): for a batch of stored pages ~2 MB of short-lived buffers, which
 * this thread's garbage collector then had to catch up with. Values are as `toParam` leaves them:
 * null, text (format 0) or bytes (format 1); result columns come back as text.
 */
function extendedQuery(statement, text, values, generic) {
  const nameLen = Buffer.byteLength(statement);
  const lens = new Array(values.length);
  let bindLen = 4 + 1 + nameLen + 1 + 2 + 2 * values.length + 2 + 2;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    lens[i] = v === null ? -1 : typeof v === 'string' ? Buffer.byteLength(v) : v.byteLength;
    bindLen += 4 + Math.max(0, lens[i]);
  }
  const modeLen = generic ? GENERIC_ON.length + GENERIC_OFF.length : 0;
  const out = Buffer.allocUnsafe(
    (text === null ? 0 : parseLength(statement, text)) + modeLen + 1 + bindLen + TAIL.length + SYNC.length,
  );
  let o = text === null ? 0 : writeParse(out, 0, statement, text);
  if (generic) {
    out.set(GENERIC_ON, o);
    o += GENERIC_ON.length;
  }
  out[o++] = 0x42; // Bind
  o = out.writeInt32BE(bindLen, o);
  out[o++] = 0; // the unnamed portal
  o += out.write(statement, o, 'utf8');
  out[o++] = 0;
  o = out.writeInt16BE(values.length, o);
  for (const v of values) o = out.writeInt16BE(v instanceof Uint8Array ? 1 : 0, o);
  o = out.writeInt16BE(values.length, o);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    o = out.writeInt32BE(lens[i], o);
    if (v === null) continue;
    if (typeof v === 'string') o += out.write(v, o, 'utf8');
    else {
      out.set(v, o);
      o += v.byteLength;
    }
  }
  o = out.writeInt16BE(0, o); // no result format codes: all text
  out.set(TAIL, o);
  o += TAIL.length;
  if (generic) {
    out.set(GENERIC_OFF, o);
    o += GENERIC_OFF.length;
  }
  out.set(SYNC, o);
  return out;
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

function printStats() {
  if (!stats) return;
  const lines = [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 40);
  const out = lines.map(([t, v]) => `${String(v.n).padStart(7)} ${v.ms.toFixed(0).padStart(8)} ms  ${t}`);
  writeSync(2, `${out.join('\n')}\n`);
}
// XXGK_BENCH_SQL=1 (bench/support/contender.ts): each statement's count and summed time on this
// thread, printed when the database closes; messages are then handled one at a time, so that a
// statement's time is its own, not its wait for PGlite's lock.
const stats = process.env.XXGK_BENCH_SQL ? new Map() : null;
// Messages run in arrival order (PGlite's own lock queues them): a transaction's statements are
// sent only while the main thread holds the transaction, so nothing else interleaves.
let chain = Promise.resolve();
port.on('message', (msg) => {
  if (stats) chain = chain.then(() => handle(msg));
  else void handle(msg);
});
async function handle(msg) {
  const { id, op } = msg;
  const t0 = stats ? performance.now() : 0;
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
      printStats();
      await db.close();
      db = null;
      port.postMessage({ id, ok: true });
    } else throw new Error(`unknown operation ${op}`);
  } catch (err) {
    port.postMessage({ id, error: describe(err) });
  }
  if (stats) {
    const text = `${op} ${(msg.sql ?? '').replace(/\s+/g, ' ').slice(0, 120)}`;
    const s = stats.get(text) ?? { n: 0, ms: 0 };
    s.n++;
    s.ms += performance.now() - t0;
    stats.set(text, s);
  }
}
