import type { Command } from 'commander';
import { register as agencies } from './agencies.ts';
import { register as chart } from './chart.ts';
import { register as config } from './config.ts';
import { register as crawl } from './crawl.ts';
import { register as dashboard } from './dashboard.ts';
import { register as db } from './db.ts';
import { register as demo } from './demo.ts';
import { register as exportCmd } from './export.ts';
import { register as extract } from './extract.ts';
import { register as load } from './load.ts';
import { register as portal } from './portal.ts';
import { register as reextract } from './reextract.ts';
import { register as retry } from './retry.ts';
import { register as schedule } from './schedule.ts';
import { register as show } from './show.ts';
import { register as sources } from './sources.ts';
import { register as sql } from './sql.ts';
import { register as status } from './status.ts';
import { register as trace } from './trace.ts';
import { register as worker } from './worker.ts';

/** Each command module exports `register(program)`; add new ones here, one line each. */
export const commands: Array<(program: Command) => void> = [
  db,
  agencies,
  sql,
  show,
  trace,
  load,
  exportCmd,
  extract,
  worker,
  crawl,
  schedule,
  status,
  demo,
  reextract,
  retry,
  dashboard,
  portal,
  chart,
  config,
  sources,
];
