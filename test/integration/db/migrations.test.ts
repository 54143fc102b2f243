import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDrizzleJson, generateMigration } from 'drizzle-kit/api';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../../db/index.ts';
import * as schema from '../../../db/schema.ts';

describe('migrations', () => {
  it('are in step with db/schema.ts (run `npx drizzle-kit generate` after a schema change)', async () => {
    const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8'));
    const last = journal.entries.at(-1);
    const snapshot = JSON.parse(
      readFileSync(join(MIGRATIONS_DIR, `meta/${String(last.idx).padStart(4, '0')}_snapshot.json`), 'utf8'),
    );
    const current = generateDrizzleJson(schema, snapshot.id);
    expect(await generateMigration(snapshot, current)).toEqual([]);
  });
});
