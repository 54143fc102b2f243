/** `xxgk agencies list|show|merge|split`: see and decide which names are one agency. */
import { type Command, InvalidArgumentError } from 'commander';

interface Out {
  json?: boolean;
}

async function withDb<T>(
  readOnly: boolean,
  fn: (db: import('../../db/index.ts').Database) => Promise<T>,
): Promise<T> {
  const { loadSettings } = await import('../../config/settings.ts');
  const { migrate, openConfiguredDatabase } = await import('../../db/index.ts');
  const db = await openConfiguredDatabase(loadSettings(), { readOnly });
  try {
    if (!readOnly) await migrate(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

const agencyId = (v: string): number => {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError(`not an agency id: ${v}`);
  return n;
};

export function register(program: Command): void {
  const agencies = program
    .command('agencies')
    .description('Agencies: list them, show one (names by year, region, decisions), merge or split them');

  agencies
    .command('list')
    .description('One line per agency: id, name, level, region code, years, reports')
    .option('--search <text>', 'only agencies whose name or a printed name contains the text')
    .option('--json', 'print JSON')
    .action(async (opts: Out & { search?: string }) => {
      const { toJson, toTable } = await import('../../db/index.ts');
      await withDb(true, async (db) => {
        const rows = await db.query<Record<string, unknown>>(
          `SELECT agency_id, agency, level, kind, region_code, region, region_method, first_year, last_year,
                  reports::int AS reports, names::int AS names
           FROM agency_list l
           WHERE $1::text IS NULL OR agency LIKE '%' || $1 || '%'
              OR EXISTS (SELECT 1 FROM agency_names n WHERE n.agency_id = l.agency_id AND n.name LIKE '%' || $1 || '%')
           ORDER BY agency_id`,
          [opts.search ?? null],
        );
        const columns = [
          'agency_id',
          'agency',
          'level',
          'kind',
          'region_code',
          'region',
          'region_method',
          'first_year',
          'last_year',
          'reports',
          'names',
        ];
        process.stdout.write(opts.json ? toJson(rows) : toTable(columns, rows));
      });
    });

  agencies
    .command('show')
    .description('An agency: region and how it was inferred, every name with its years, reports, decisions')
    .argument('<id>', 'agency id', agencyId)
    .option('--json', 'print JSON')
    .action(async (id: number, opts: Out) => {
      const { showAgency } = await import('../../db/agency-report.ts');
      await withDb(true, async (db) => {
        const a = await showAgency(db, id);
        process.stdout.write(opts.json ? `${JSON.stringify(a, null, 2)}\n` : a.text);
      });
    });

  agencies
    .command('merge')
    .description(
      'Fold agency FROM into INTO (e.g. 工商局 → 市场监管局, 2018–2019 机构改革); recorded, undone by `split FROM`',
    )
    .argument('<from>', 'agency id folded in (kept as a tombstone)', agencyId)
    .argument('<into>', 'agency id kept', agencyId)
    .requiredOption('--reason <text>', 'why they are one agency')
    .action(async (from: number, into: number, opts: { reason: string }) => {
      const { mergeAgencies } = await import('../../db/index.ts');
      await withDb(false, async (db) => {
        const d = await db.transaction((tx) => mergeAgencies(tx, from, into, opts.reason));
        process.stdout.write(`agencies: ${from} merged into ${into} (decision ${d})\n`);
      });
    });

  agencies
    .command('split')
    .description('Undo the merge of a merged agency, or split names (--alias) off an agency into a new one')
    .argument('<id>', 'a merged agency (undo its merge), or a live agency with --alias', agencyId)
    .option('--alias <name...>', 'printed names to split off into a new agency')
    .requiredOption('--reason <text>', 'why')
    .action(async (id: number, opts: { alias?: string[]; reason: string }) => {
      const { splitAgency, unmergeAgency } = await import('../../db/index.ts');
      await withDb(false, async (db) => {
        if (opts.alias?.length) {
          const r = await db.transaction((tx) => splitAgency(tx, id, opts.alias!, opts.reason));
          process.stdout.write(
            `agencies: ${opts.alias.join(', ')} split off ${id} into ${r.agencyId} (decision ${r.decisionId})\n`,
          );
        } else {
          const d = await db.transaction((tx) => unmergeAgency(tx, id, opts.reason));
          process.stdout.write(`agencies: ${id} is its own agency again (decision ${d})\n`);
        }
      });
    });
}
