/** `xxgk db migrate | serve | grant-reader | counts`: the dataset's housekeeping. */
import type { Command } from 'commander';
import type { redactUrl } from '../../config/settings.ts';

export function register(program: Command): void {
  const db = program.command('db').description('Manage the dataset database (PostgreSQL or embedded PGlite)');

  db.command('migrate')
    .description('Apply pending migrations (safe to re-run)')
    .action(async () => {
      const { loadSettings, redactUrl } = await import('../../config/settings.ts');
      const { migrate, openConfiguredDatabase } = await import('../../db/index.ts');
      const settings = loadSettings();
      const conn = await openConfiguredDatabase(settings);
      try {
        const { applied, total } = await migrate(conn);
        process.stdout.write(
          `db: ${applied} migration(s) applied, ${total} in total (${where(settings, redactUrl)})\n`,
        );
      } finally {
        await conn.close();
      }
    });

  db.command('grant-reader')
    .description('Create the read-only role xxgk_reader and grant it SELECT on the dataset')
    .action(async () => {
      const { loadSettings, redactUrl } = await import('../../config/settings.ts');
      const { grantReader, openConfiguredDatabase } = await import('../../db/index.ts');
      const settings = loadSettings();
      const conn = await openConfiguredDatabase(settings);
      try {
        await grantReader(conn);
        process.stdout.write(
          `db: xxgk_reader may read schema ${settings.dbSchema} (${where(settings, redactUrl)})\n`,
        );
      } finally {
        await conn.close();
      }
    });

  db.command('counts')
    .description('Documents, current reports, cells, findings and failed extractions')
    .action(async () => {
      const { loadSettings } = await import('../../config/settings.ts');
      const { datasetCounts, openConfiguredDatabase } = await import('../../db/index.ts');
      const conn = await openConfiguredDatabase(loadSettings());
      try {
        process.stdout.write(`${JSON.stringify(await datasetCounts(conn))}\n`);
      } finally {
        await conn.close();
      }
    });

  db.command('serve')
    .description('Expose the embedded database on a loopback port for psql, DBeaver or pandas')
    .option('--port <n>', 'TCP port on 127.0.0.1', '5433')
    .action(async (opts: { port: string }) => {
      const { loadSettings, redactUrl } = await import('../../config/settings.ts');
      const { migrate, openConfiguredDatabase } = await import('../../db/index.ts');
      const settings = loadSettings();
      if (settings.databaseUrl) {
        process.stdout.write(
          `db: DATABASE_URL is set (${redactUrl(settings.databaseUrl)}): connect to it directly, nothing to serve\n`,
        );
        return;
      }
      const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
      const conn = await openConfiguredDatabase(settings);
      await migrate(conn);
      const port = Number(opts.port);
      const server = new PGLiteSocketServer({
        db: conn.pglite!,
        port,
        host: '127.0.0.1',
        maxConnections: 16,
      });
      await server.start();
      process.stdout.write(
        // Clients share the embedded session, whose search_path is already the configured schema.
        `db: serving ${settings.dataDir}/pglite at postgresql://postgres@127.0.0.1:${port}/postgres (Ctrl-C to stop)\n`,
      );
      await new Promise<void>((done) => {
        const stop = () => done();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await server.stop();
      await conn.close();
    });
}

function where(s: { databaseUrl?: string; dataDir: string }, redact: typeof redactUrl): string {
  return s.databaseUrl ? redact(s.databaseUrl)! : `embedded, ${s.dataDir}/pglite`;
}
