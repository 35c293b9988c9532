import { app, BrowserWindow, dialog, ipcMain, nativeImage, net, Notification, type IpcMainInvokeEvent } from 'electron';
import { openInSystemBrowser } from './externalLinks.js';
import path from 'node:path';
import ElectronStore from 'electron-store';
import { startGuichet, type Guichet } from '../composition.js';
import { channelNames, preloadOnlyChannelNames, preloadOnlyIpcPrefix, type IpcResult } from '../../shared/ipc/contract.js';
import { appOrigin, handleAppScheme, registerAppSchemePrivileges } from './protocol.js';
import { hardenWebContents } from './hardening.js';
import { createMainWindow, type WindowBounds } from './mainWindow.js';
import { installMenu } from './menu.js';
import { nativeLocaleOf, nativeTexts } from './nativeText.js';
import { describeStartupFailure } from '../host/startupFailure.js';
import { createSafeStorageCipher, safeStorageStatus } from './safeStorageCipher.js';
import { loadPreseedFile, resolvePreseedPath } from '../core/settings/preseed.js';
import { productName } from '../core/dataDir.js';

app.setName(productName);
if (process.env.GUICHET_DATA_DIR) app.setPath('userData', path.resolve(process.env.GUICHET_DATA_DIR));
registerAppSchemePrivileges();

let mainWindow: BrowserWindow | null = null;
let guichet: Guichet | null = null;

if (!app.requestSingleInstanceLock()) {
  // A second launch only brings the existing window forward: one database, one outbox.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  void start();
}

/** Only the app's own top frame may call: iframes, other windows or a navigated page get nothing. */
function senderOf(event: IpcMainInvokeEvent) {
  const frame = event.senderFrame;
  const isTopFrame = !!frame && !!mainWindow && event.sender === mainWindow.webContents && frame === event.sender.mainFrame;
  return { isTopFrame, url: frame?.url ?? '' };
}

/** The small icon under the pointer while a file is dragged out (macOS refuses a drag without one). */
const dragIconPng =
  'iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAAdElEQVR4nO3XSwpAIQgF0PY/a8U1zpAu5Q9TaBL2PH0eVGts9CHfjqFRFMZYFt8QHsUXxN8Az+IAQCIKkBuA5KoBaA6XLwKgH+eAXJ8IAFkddOzVFrxsTd6/ID9AvynOHFuJAkQ9AwUwBLjfigsQ4m3o9zqeEiVb2dcwidEAAAAASUVORK5CYII=';
function dragIcon() {
  return nativeImage.createFromDataURL(`data:image/png;base64,${dragIconPng}`);
}

/** The interface language the clerk chose, for the few words Electron draws itself. */
function currentLocale() {
  return nativeLocaleOf(guichet?.settings.get().locale);
}

async function start() {
  await app.whenReady();
  const dataDir = app.getPath('userData');
  const store = new ElectronStore<Record<string, unknown>>({ name: 'settings', cwd: dataDir });
  const windowStore = new ElectronStore<{ windowBounds?: WindowBounds }>({ name: 'window', cwd: dataDir });
  let log: (message: string, meta?: unknown) => void = () => undefined;
  hardenWebContents((message, meta) => log(message, meta));

  try {
    const preseedPath = resolvePreseedPath(process.argv.slice(1), process.env);
    const status = await safeStorageStatus();
    guichet = await startGuichet({
      host: 'electron',
      version: app.getVersion(),
      dataDir,
      settingsBackend: store,
      cipher: createSafeStorageCipher(status),
      preseed: preseedPath ? loadPreseedFile(preseedPath) : null,
      isTrustedOrigin: (url) => url.startsWith(`${appOrigin}/`),
      openInSystemBrowser,
      showNotification: ({ title, body }) => {
        if (Notification.isSupported()) new Notification({ title, body }).show();
      },
      onlineProbe: () => net.isOnline(),
      saveDialog: async (defaultName) => {
        const options = { defaultPath: path.join(app.getPath('documents'), defaultName), title: nativeTexts[currentLocale()].saveAs };
        const result = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
        return result.canceled || !result.filePath ? null : result.filePath;
      },
      chooseFolder: async () => {
        const options = {
          defaultPath: app.getPath('downloads'),
          title: nativeTexts[currentLocale()].exportFolder,
          buttonLabel: nativeTexts[currentLocale()].exportFolder,
          properties: ['openDirectory' as const, 'createDirectory' as const],
        };
        const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
        return result.canceled || !result.filePaths[0] ? null : result.filePaths[0];
      },
      startDrag: (file) => {
        if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.startDrag({ file, icon: dragIcon() });
      },
    });
    log = (message, meta) => guichet?.logger.warn(message, meta);
    if (!status.available || status.plainTextBackend) {
      guichet.logger.warn('safeStorage unavailable or plain-text backend: secrets will be refused', { backend: status.backend });
    }
  } catch (error) {
    // No settings could be read: the system's language. The lines name code, catalogue key and values (a start-up
    // failure is for whoever installs Guichet; docs/architecture.md#ipc-contract).
    dialog.showErrorBox(nativeTexts[nativeLocaleOf(app.getLocale())].startupFailed, describeStartupFailure(error).join('\n'));
    app.exit(1);
    return;
  }
  const g = guichet;

  for (const channel of channelNames) {
    ipcMain.handle(`guichet:${channel}`, (event, payload): Promise<IpcResult> => g.router.dispatch(channel, payload, senderOf(event)));
  }
  // The page cannot name these (the preload's invoke forwards contract channels only): see preloadOnlyChannels.
  for (const channel of preloadOnlyChannelNames) {
    ipcMain.handle(`${preloadOnlyIpcPrefix}${channel}`, (event, payload): Promise<IpcResult> =>
      g.router.dispatchPreloadOnly(channel, payload, senderOf(event)),
    );
  }
  const menuOptions = { isMac: process.platform === 'darwin', devTools: !app.isPackaged };
  g.bus.subscribe((event, payload) => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(`guichet-event:${event}`, payload);
    if (event === 'settings.changed') installMenu(currentLocale(), menuOptions);
  });

  handleAppScheme(path.join(__dirname, '..', 'renderer'), g);
  installMenu(currentLocale(), menuOptions);
  mainWindow = createMainWindow({ preloadPath: path.join(__dirname, 'preload.cjs'), store: windowStore });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });

  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => {
    void g.stop();
  });
}
