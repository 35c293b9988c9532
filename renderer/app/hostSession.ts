/**
 * Everything that keeps the app-wide stores in step with main: the initial load, the host events,
 * and the settings/secrets calls whose results several screens share. Screens call these rather
 * than `guichet` directly when the answer belongs in a shared store.
 */
import { guichet } from '../bridge/index.js';
import { applyLocale, i18next } from '../i18n/index.js';
import type { Settings, SettingsPatch } from '../../shared/domain/settings.js';
import type { SecretKey } from '../../shared/domain/providers.js';
import { useAppInfoStore } from './store/appInfoStore.js';
import { useEndpointsStore } from './store/endpointsStore.js';
import { useHostLinkStore } from './store/hostLinkStore.js';
import { useNetworkStore } from './store/networkStore.js';
import { useSettingsStore } from './store/settingsStore.js';
import { pushToast } from './store/toastStore.js';
import { readIpcFailure } from './ipcFailure.js';
import { translateHostText } from '../i18n/hostText.js';

/** The data the shell needs before it can show anything meaningful; rejects with the host's error. */
export async function loadInitialData(): Promise<void> {
  const [info, settings, endpoints] = await Promise.all([
    guichet.invoke('app.info', {}),
    guichet.invoke('settings.get', {}),
    guichet.invoke('providers.endpoints', {}),
  ]);
  // Start-up milestone read by bench/startup.ts (a user-timing mark, nothing else).
  performance.mark('guichet:first-answers');
  // The shell's first render is already in the clerk's language (French is bundled; others load here).
  await applyLocale(settings.locale);
  useAppInfoStore.getState().setInfo(info);
  useSettingsStore.getState().setSettings(settings);
  useEndpointsStore.getState().setEndpoints(endpoints);
  // Not needed to start: a locked vault must not keep the clerk out of the whole app.
  void refreshSecretsStatus();
}

let prefetched: Promise<void> | null = null;
let prefetchedLoaded = false;

/**
 * Starts the initial load at once (main.tsx calls it before React's first render), so the host's
 * answers travel while the page renders its first frame. The promise settles with the load and
 * never rejects (the failure is for whoever takes the load: App shows it).
 */
export function prefetchInitialData(): Promise<void> {
  const load = (prefetched ??= loadInitialData());
  return load.then(
    () => {
      if (prefetched === load) prefetchedLoaded = true;
    },
    () => undefined,
  );
}

/** The prefetched load is already there: the shell can show at the very first render. */
export function initialDataLoaded(): boolean {
  return prefetchedLoaded;
}

/** The prefetched load the first time (a retry starts a new one). */
export function takeInitialData(): Promise<void> {
  const load = prefetched ?? loadInitialData();
  prefetched = null;
  prefetchedLoaded = false;
  return load;
}

/** Shows a failed call to the clerk: the host's French sentence as is, or the generic one. */
export function toastFailure(error: unknown): void {
  const failure = readIpcFailure(error);
  pushToast({
    level: 'error',
    title: i18next.t('toast.failed'),
    body: failure.message ?? i18next.t('errors.unexpected'),
  });
}

export async function refreshEndpoints(): Promise<void> {
  try {
    useEndpointsStore.getState().setEndpoints(await guichet.invoke('providers.endpoints', {}));
  } catch (error) {
    toastFailure(error);
  }
}

export async function refreshSecretsStatus(): Promise<void> {
  try {
    // Asked together (main serialises vault reads, so the notice reflects the status it came with),
    // and stored together, so that a form clearing itself after a save sees both at once.
    const [status, unreadable] = await Promise.all([guichet.invoke('secrets.status', {}), guichet.invoke('secrets.unreadable', {})]);
    useSettingsStore.getState().setUnreadableSecrets(unreadable?.keys ?? []);
    useSettingsStore.getState().setSecretsStatus(status);
  } catch (error) {
    toastFailure(error);
  }
}

/** Saves a patch; rejects with the host's error so the form can show field problems next to the fields. */
export async function saveSettings(patch: SettingsPatch): Promise<Settings> {
  const saved = await guichet.invoke('settings.update', patch);
  useSettingsStore.getState().setSettings(saved);
  // Switch now rather than on the next render, so the confirmation is already in the chosen language.
  await applyLocale(saved.locale);
  pushToast({ level: 'success', title: i18next.t('toast.settingsSaved') });
  // The environment may have switched to or from the simulator: the Sandbox banner depends on it.
  void refreshEndpoints();
  return saved;
}

export async function saveSecret(key: SecretKey, value: string): Promise<void> {
  await guichet.invoke('secrets.set', { key, value });
  pushToast({ level: 'success', title: i18next.t('toast.secretSaved') });
  await refreshSecretsStatus();
}

export async function clearSecret(key: SecretKey): Promise<void> {
  await guichet.invoke('secrets.clear', { key });
  pushToast({ level: 'success', title: i18next.t('toast.secretCleared') });
  await refreshSecretsStatus();
}

/** Subscribes to main's events and the page's own connectivity; returns one function that undoes it all. */
export function connectHostEvents(): () => void {
  const network = useNetworkStore.getState();
  network.setBrowserOnline(navigator.onLine);
  const onOnline = () => useNetworkStore.getState().setBrowserOnline(true);
  const onOffline = () => useNetworkStore.getState().setBrowserOnline(false);
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);

  const unsubscribers = [
    // Back from a lost host: settings, addresses and secrets may have changed meanwhile, with no event.
    useHostLinkStore.subscribe((now, before) => {
      if (now.relinks > before.relinks) void loadInitialData().catch(toastFailure);
    }),
    guichet.on('network.status', ({ online }) => useNetworkStore.getState().setHostOnline(online)),
    guichet.on('settings.changed', (settings) => {
      useSettingsStore.getState().setSettings(settings);
      void refreshEndpoints();
    }),
    guichet.on('notify', ({ level, title, body }) => {
      const notice = { title: translateHostText(title), body: body ? translateHostText(body) : '' };
      pushToast(notice.body === '' ? { level, title: notice.title } : { level, ...notice });
      if (guichet.host === 'electron') void guichet.invoke('shell.showNotification', notice).catch(() => undefined);
    }),
  ];

  return () => {
    window.removeEventListener('online', onOnline);
    window.removeEventListener('offline', onOffline);
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
