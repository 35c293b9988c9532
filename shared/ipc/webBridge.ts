import { z } from 'zod';
import type { IpcResult } from './contract.js';

/** Wire format of the web host's WebSocket bridge (the browser's stand-in for Electron IPC). */
export const bridgeClientMessageSchema = z.object({
  t: z.literal('call'),
  id: z.number().int().nonnegative(),
  channel: z.string().max(100),
  payload: z.unknown(),
});
export type BridgeClientMessage = z.infer<typeof bridgeClientMessageSchema>;

export type BridgeServerMessage =
  | { t: 'result'; id: number; result: IpcResult }
  | { t: 'event'; event: string; payload: unknown };
