import type { Settings } from '../../shared/domain/settings.js';

/**
 * "system" leaves <html> without data-theme so the stylesheet follows `prefers-color-scheme` live;
 * a forced theme wins over the OS through the attribute.
 */
export function applyTheme(theme: Settings['theme']): void {
  const root = document.documentElement;
  if (theme === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', theme);
}
