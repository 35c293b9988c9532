import { events, type EventName, type EventPayload } from '../../../shared/ipc/contract.js';

export type EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/**
 * main → renderer events, checked against the contract before they leave, fanned out to every
 * connected window or socket.
 */
export interface EventBus {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  subscribe(sink: EventSink): () => void;
  /** In-process listeners (services reacting to each other, tests). */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export function createEventBus(onInvalid?: (event: string, error: unknown) => void): EventBus {
  const sinks = new Set<EventSink>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  return {
    emit(event, payload) {
      const parsed = events[event].safeParse(payload);
      if (!parsed.success) {
        onInvalid?.(event, parsed.error);
        return;
      }
      const value = parsed.data as EventPayload<typeof event>;
      for (const sink of sinks) sink(event, value);
      for (const l of listeners.get(event) ?? []) l(value);
    },
    subscribe(sink) {
      sinks.add(sink);
      return () => sinks.delete(sink);
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
  };
}
