import { BrowserWindow, screen } from 'electron';
import path from 'node:path';
import { appOrigin } from './protocol.js';

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized?: boolean;
}

interface BoundsStore {
  get(key: 'windowBounds'): WindowBounds | undefined;
  set(key: 'windowBounds', value: WindowBounds): void;
}

/** A remembered position is used only if it is still on a connected screen (laptop undocked…). */
function visible(bounds: WindowBounds): boolean {
  if (bounds.x === undefined || bounds.y === undefined) return true;
  return screen.getAllDisplays().some(({ workArea: a }) => {
    return bounds.x! >= a.x - 50 && bounds.y! >= a.y - 50 && bounds.x! < a.x + a.width - 100 && bounds.y! < a.y + a.height - 100;
  });
}

export function createMainWindow(opts: { preloadPath: string; store: BoundsStore; iconPath?: string }) {
  const saved = opts.store.get('windowBounds');
  const bounds: WindowBounds = saved && visible(saved) ? saved : { width: 1280, height: 820 };
  const win = new BrowserWindow({
    ...bounds,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Guichet',
    icon: opts.iconPath,
    backgroundColor: '#f6f6f6',
    webPreferences: {
      // electronegativity-reviewed: PRELOAD_JS_CHECK — exposes only window.guichet, built from the contract; never ipcRenderer.
      preload: path.resolve(opts.preloadPath),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: true,
      // Middle-click would open links in a new window, bypassing will-navigate.
      disableBlinkFeatures: 'Auxclick',
      // Removed from Electron long ago; stated anyway so scanners and readers see it is off.
      ...({ enableRemoteModule: false } as object),
    },
  });
  if (bounds.maximized) win.maximize();

  const remember = () => {
    if (win.isDestroyed()) return;
    const b = win.getNormalBounds();
    opts.store.set('windowBounds', { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() });
  };
  win.on('resized', remember);
  win.on('moved', remember);
  win.on('close', remember);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${appOrigin}/index.html`);
  return win;
}
