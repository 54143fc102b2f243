import type { Settings } from '../config/settings.ts';
import { type Database, type OpenOptions, openDatabase } from './engine.ts';

/** The database the settings name, in the configured schema (what every CLI command opens). */
export function openConfiguredDatabase(
  settings: Pick<Settings, 'databaseUrl' | 'dataDir' | 'dbSchema'>,
  opts: Omit<OpenOptions, 'schema'> = {},
): Promise<Database> {
  return openDatabase(settings, { ...opts, schema: settings.dbSchema });
}
