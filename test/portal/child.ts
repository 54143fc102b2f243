/**
 * The portal in its own process, driven over IPC. Timing tests need it: in the crawler's process the
 * server's arrival timestamps would wait on the crawler's own work and look bunched up.
 */
import { type PortalOptions, startPortal } from './server.ts';

type Command = {
  id: number;
  cmd: 'truth' | 'truth-lite' | 'requests' | 'publish' | 'outage' | 'hang' | 'held' | 'close';
  n?: number;
  targets?: string[];
};

const portal = await startPortal(JSON.parse(process.argv[2] ?? '{}') as PortalOptions);
process.send!({ type: 'ready', url: portal.url });
process.on('message', async (msg: Command) => {
  let result: unknown = null;
  if (msg.cmd === 'truth') result = portal.truth;
  else if (msg.cmd === 'truth-lite') result = portal.truthWithoutCells();
  else if (msg.cmd === 'requests') result = portal.requests;
  else if (msg.cmd === 'publish') portal.publish(msg.n ?? 1);
  else if (msg.cmd === 'outage') portal.outage(msg.targets ?? []);
  else if (msg.cmd === 'hang') portal.hang(msg.targets ?? []);
  else if (msg.cmd === 'held') result = portal.held();
  else if (msg.cmd === 'close') await portal.close();
  process.send!({ type: 'reply', id: msg.id, result });
  if (msg.cmd === 'close') process.disconnect();
});
