import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { channelNames, eventNames, type GuichetApi, type IpcResult, type FileRef } from '../shared/ipc/contract.js';

const knownChannels = new Set<string>(channelNames);
const knownEvents = new Set<string>(eventNames);

async function call(channel: string, payload: unknown): Promise<unknown> {
  if (!knownChannels.has(channel)) throw { code: 'IPC_UNKNOWN_CHANNEL', message: 'Action inconnue.' };
  const result = (await ipcRenderer.invoke(`guichet:${channel}`, payload)) as IpcResult;
  if (result.ok) return result.value;
  // A plain object survives the context bridge with its fields; the page revives it as GuichetCallError.
  throw { code: result.error.code, message: result.error.message, details: result.error.details };
}

/**
 * The one object the page gets. It is built from the contract: unknown channels and events never
 * reach ipcRenderer, and listeners receive the payload only (never the IPC event, which would leak
 * `sender`).
 */
const api: GuichetApi = {
  host: 'electron',
  invoke: ((channel: string, request: unknown) => call(channel, request)) as GuichetApi['invoke'],
  on: ((event: string, listener: (payload: unknown) => void) => {
    if (!knownEvents.has(event)) return () => undefined;
    const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(`guichet-event:${event}`, wrapped);
    return () => {
      ipcRenderer.removeListener(`guichet-event:${event}`, wrapped);
    };
  }) as GuichetApi['on'],
  async stageFiles(files: File[], onProgress?: (sent: number, total: number) => void): Promise<FileRef[]> {
    const total = files.reduce((sum, f) => sum + f.size, 0);
    const refs: FileRef[] = [];
    let done = 0;
    for (const file of files) {
      // Electron ≥ 32 removed File.path; webUtils resolves the real path of a dropped file.
      const filePath = webUtils.getPathForFile(file);
      if (!filePath) throw { code: 'FILE_REJECTED', message: `« ${file.name} » ne provient pas du disque et ne peut pas être déposé.` };
      refs.push((await call('files.registerPath', { path: filePath })) as FileRef);
      done += file.size;
      onProgress?.(done, total);
    }
    return refs;
  },
  blobUrl(sha256: string) {
    return /^[a-f0-9]{64}$/.test(sha256) ? `app://guichet/blob/${sha256}` : 'about:blank';
  },
};

contextBridge.exposeInMainWorld('guichet', api);
