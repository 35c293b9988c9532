import { Menu } from 'electron';
import { menuTemplate, type NativeLocale } from './nativeText.js';

let installed: NativeLocale | null = null;

/** The native menu in the interface language; installed again when the clerk switches it. */
export function installMenu(locale: NativeLocale, opts: { isMac: boolean; devTools: boolean }) {
  if (installed === locale) return;
  installed = locale;
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(locale, opts)));
}
