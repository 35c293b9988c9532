import type { MenuItemConstructorOptions } from 'electron';

/**
 * The few words Electron draws itself, outside the page (the native menu, the save dialog's title,
 * the start-up failure box): they cannot go through the renderer's catalogues, so main keeps one
 * small table per interface language, chosen by the `locale` setting. Everything else the clerk
 * reads is translated by the renderer (docs/architecture.md#ipc-contract).
 */
export type NativeLocale = 'fr' | 'en';

const fr = {
  app: { about: 'À propos de Guichet', hide: 'Masquer Guichet', hideOthers: 'Masquer les autres', unhide: 'Tout afficher', quitApp: 'Quitter Guichet' },
  file: { title: 'Fichier', closeWindow: 'Fermer la fenêtre', quit: 'Quitter' },
  edit: { title: 'Édition', undo: 'Annuler', redo: 'Rétablir', cut: 'Couper', copy: 'Copier', paste: 'Coller', selectAll: 'Tout sélectionner' },
  view: {
    title: 'Affichage',
    reload: 'Actualiser',
    resetZoom: 'Taille réelle',
    zoomIn: 'Zoom avant',
    zoomOut: 'Zoom arrière',
    fullScreen: 'Plein écran',
    devTools: 'Outils de développement',
  },
  window: { title: 'Fenêtre', minimize: 'Réduire', zoom: 'Agrandir' },
  saveAs: 'Enregistrer sous…',
  exportFolder: 'Exporter dans ce dossier',
  startupFailed: 'Guichet ne peut pas démarrer',
};
export type NativeTexts = typeof fr;

const en: NativeTexts = {
  app: { about: 'About Guichet', hide: 'Hide Guichet', hideOthers: 'Hide Others', unhide: 'Show All', quitApp: 'Quit Guichet' },
  file: { title: 'File', closeWindow: 'Close Window', quit: 'Quit' },
  edit: { title: 'Edit', undo: 'Undo', redo: 'Redo', cut: 'Cut', copy: 'Copy', paste: 'Paste', selectAll: 'Select All' },
  view: {
    title: 'View',
    reload: 'Reload',
    resetZoom: 'Actual Size',
    zoomIn: 'Zoom In',
    zoomOut: 'Zoom Out',
    fullScreen: 'Full Screen',
    devTools: 'Developer Tools',
  },
  window: { title: 'Window', minimize: 'Minimise', zoom: 'Zoom' },
  saveAs: 'Save as…',
  exportFolder: 'Export into this folder',
  startupFailed: 'Guichet cannot start',
};

export const nativeTexts: Record<NativeLocale, NativeTexts> = { fr, en };

/** French unless the clerk chose English (the settings' `locale`); before settings are read, the system's language. */
export function nativeLocaleOf(locale: string | undefined): NativeLocale {
  return locale === 'en' || locale?.startsWith('en-') ? 'en' : 'fr';
}

/** The native menu: clerks use the OS shortcuts (copy, paste, zoom) every day, in their language. */
export function menuTemplate(locale: NativeLocale, opts: { isMac: boolean; devTools: boolean }): MenuItemConstructorOptions[] {
  const t = nativeTexts[locale];
  return [
    ...(opts.isMac
      ? [
          {
            label: 'Guichet',
            submenu: [
              { role: 'about' as const, label: t.app.about },
              { type: 'separator' as const },
              { role: 'hide' as const, label: t.app.hide },
              { role: 'hideOthers' as const, label: t.app.hideOthers },
              { role: 'unhide' as const, label: t.app.unhide },
              { type: 'separator' as const },
              { role: 'quit' as const, label: t.app.quitApp },
            ],
          },
        ]
      : []),
    {
      label: t.file.title,
      submenu: [opts.isMac ? { role: 'close', label: t.file.closeWindow } : { role: 'quit', label: t.file.quit }],
    },
    {
      label: t.edit.title,
      submenu: [
        { role: 'undo', label: t.edit.undo },
        { role: 'redo', label: t.edit.redo },
        { type: 'separator' },
        { role: 'cut', label: t.edit.cut },
        { role: 'copy', label: t.edit.copy },
        { role: 'paste', label: t.edit.paste },
        { role: 'selectAll', label: t.edit.selectAll },
      ],
    },
    {
      label: t.view.title,
      submenu: [
        { role: 'reload', label: t.view.reload },
        { type: 'separator' },
        { role: 'resetZoom', label: t.view.resetZoom },
        { role: 'zoomIn', label: t.view.zoomIn },
        { role: 'zoomOut', label: t.view.zoomOut },
        { type: 'separator' },
        { role: 'togglefullscreen', label: t.view.fullScreen },
        ...(opts.devTools ? [{ role: 'toggleDevTools' as const, label: t.view.devTools }] : []),
      ],
    },
    {
      label: t.window.title,
      submenu: [
        { role: 'minimize', label: t.window.minimize },
        { role: 'zoom', label: t.window.zoom },
      ],
    },
  ];
}
