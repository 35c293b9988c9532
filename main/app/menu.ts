import { Menu, type MenuItemConstructorOptions } from 'electron';

/** The native menu, in French: clerks use the OS shortcuts (copier, coller, zoom) every day. */
export function installFrenchMenu(opts: { isMac: boolean; devTools: boolean }) {
  const template: MenuItemConstructorOptions[] = [
    ...(opts.isMac
      ? [
          {
            label: 'Guichet',
            submenu: [
              { role: 'about' as const, label: 'À propos de Guichet' },
              { type: 'separator' as const },
              { role: 'hide' as const, label: 'Masquer Guichet' },
              { role: 'hideOthers' as const, label: 'Masquer les autres' },
              { role: 'unhide' as const, label: 'Tout afficher' },
              { type: 'separator' as const },
              { role: 'quit' as const, label: 'Quitter Guichet' },
            ],
          },
        ]
      : []),
    {
      label: 'Fichier',
      submenu: [opts.isMac ? { role: 'close', label: 'Fermer la fenêtre' } : { role: 'quit', label: 'Quitter' }],
    },
    {
      label: 'Édition',
      submenu: [
        { role: 'undo', label: 'Annuler' },
        { role: 'redo', label: 'Rétablir' },
        { type: 'separator' },
        { role: 'cut', label: 'Couper' },
        { role: 'copy', label: 'Copier' },
        { role: 'paste', label: 'Coller' },
        { role: 'selectAll', label: 'Tout sélectionner' },
      ],
    },
    {
      label: 'Affichage',
      submenu: [
        { role: 'reload', label: 'Actualiser' },
        { type: 'separator' },
        { role: 'resetZoom', label: 'Taille réelle' },
        { role: 'zoomIn', label: 'Zoom avant' },
        { role: 'zoomOut', label: 'Zoom arrière' },
        { type: 'separator' },
        { role: 'togglefullscreen', label: 'Plein écran' },
        ...(opts.devTools ? [{ role: 'toggleDevTools' as const, label: 'Outils de développement' }] : []),
      ],
    },
    {
      label: 'Fenêtre',
      submenu: [
        { role: 'minimize', label: 'Réduire' },
        { role: 'zoom', label: 'Agrandir' },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
