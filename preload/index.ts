import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import {
  channelNames,
  eventNames,
  preloadOnlyIpcPrefix,
  type GuichetApi,
  type IpcResult,
  type FileRef,
  type PreloadOnlyChannelName,
} from '../shared/ipc/contract.js';

const knownChannels = new Set<string>(channelNames);
const knownEvents = new Set<string>(eventNames);

function unwrap(result: IpcResult): unknown {
  if (result.ok) return result.value;
  // A plain object survives the context bridge with its fields; the page revives it as GuichetCallError.
  throw { code: result.error.code, key: result.error.key, params: result.error.params, details: result.error.details };
}

/** What the page's `invoke` reaches: contract channels only, so never a preload-only one. */
async function call(channel: string, payload: unknown): Promise<unknown> {
  if (!knownChannels.has(channel)) throw { code: 'IPC_UNKNOWN_CHANNEL', key: 'app:hostErrors.unknownChannel' };
  return unwrap((await ipcRenderer.invoke(`guichet:${channel}`, payload)) as IpcResult);
}

/** Reached only from this file, with values the preload computed itself (never a page string). */
async function callFromPreload(channel: PreloadOnlyChannelName, payload: unknown): Promise<unknown> {
  return unwrap((await ipcRenderer.invoke(`${preloadOnlyIpcPrefix}${channel}`, payload)) as IpcResult);
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
      // Electron ≥ 32 removed File.path; webUtils resolves the real path of a File the clerk dropped or
      // picked, and gives '' for one the page built itself (new File([...], '/etc/passwd')).
      let filePath = '';
      try {
        filePath = webUtils.getPathForFile(file);
      } catch {
        /* not a File at all: refused below */
      }
      if (!filePath) throw { code: 'FILE_REJECTED', key: 'app:hostErrors.files.notFromDisk', params: { name: String(file?.name) } };
      refs.push((await callFromPreload('files.registerDroppedPath', { path: filePath })) as FileRef);
      done += file.size;
      onProgress?.(done, total);
    }
    return refs;
  },
  blobUrl(sha256: string, fileName?: string) {
    if (!/^[a-f0-9]{64}$/.test(sha256)) return 'about:blank';
    return `app://guichet/blob/${sha256}${typeof fileName === 'string' && fileName ? `?name=${encodeURIComponent(fileName)}` : ''}`;
  },
};

contextBridge.exposeInMainWorld('guichet', api);
