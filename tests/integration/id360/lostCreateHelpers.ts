import { createId360Api } from '../../../main/providers/id360/api.js';
import { createId360Client } from '../../../main/providers/id360/client.js';
import { createId360Session } from '../../../main/providers/id360/session.js';
import type { CustomBed } from './customBed.js';

/** A second client on the bed's simulator: someone working in ID360's console, outside Guichet. */
export function directApi(bed: CustomBed) {
  const client = createId360Client({ apiBaseUrl: bed.sim.baseUrl, uiBaseUrl: bed.sim.uiBaseUrl });
  const session = createId360Session({ login: () => client.login(bed.sim.account), keepAlive: (t) => client.whoami(t) });
  return { api: createId360Api(client, session) };
}
