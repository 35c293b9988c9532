import os from 'node:os';
import type { EventBus } from '../ipc/eventBus.js';

/** True when the machine has at least one non-internal network interface up. */
export function hasNetworkInterface(): boolean {
  return Object.values(os.networkInterfaces()).some((list) => (list ?? []).some((i) => !i.internal));
}

/**
 * Offline is a normal state: features ask `isOnline()` before network work and subscribe to changes
 * to resume queues. The probe is injected (Electron's net.isOnline, or the interface check here).
 */
export function createNetworkMonitor(bus: EventBus, opts: { probe?: () => boolean | Promise<boolean>; intervalMs?: number } = {}) {
  const probe = opts.probe ?? hasNetworkInterface;
  let online = true;
  let forcedOffline = false;
  const listeners = new Set<(online: boolean) => void>();

  async function check(): Promise<boolean> {
    let next: boolean;
    try {
      next = !forcedOffline && (await probe());
    } catch {
      next = false;
    }
    if (next !== online) {
      online = next;
      bus.emit('network.status', { online });
      for (const l of listeners) l(online);
    }
    return online;
  }

  const timer = setInterval(() => void check(), opts.intervalMs ?? 5000);
  timer.unref();
  void check();

  return {
    isOnline: () => online,
    check,
    /** Lets tests and the sandbox demo cut the network without touching the machine. */
    async setForcedOffline(value: boolean) {
      forcedOffline = value;
      return check();
    },
    onChange(listener: (online: boolean) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      clearInterval(timer);
    },
  };
}
export type NetworkMonitor = ReturnType<typeof createNetworkMonitor>;
