import type { Command } from 'commander';
import { register as db } from './db.ts';
import { register as exportCmd } from './export.ts';
import { register as load } from './load.ts';
import { register as sql } from './sql.ts';

/** Each command module exports `register(program)`; add new ones here, one line each. */
export const commands: Array<(program: Command) => void> = [
  db,
  sql,
  load,
  exportCmd,
];
