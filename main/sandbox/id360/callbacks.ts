import type { Transition } from './store.js';
import type { EnrollmentStatus } from './types.js';

/**
 * Callbacks to each `callback_endpoints[].url` (docs/providers/id360.md#callbacks). The `on`
 * letters are unpublished; the simulator follows the inferred mapping (E intermediate, F final
 * verdict, C cancellation/closure, `[]` everything). Deliveries are retried, and on request sent
 * twice or with the intermediate ones after the final one, so a receiver learns to decide on
 * content, not on arrival.
 */

export interface CallbackDelivery {
  url: string;
  status: EnrollmentStatus;
  enrollmentId: number;
  /** HTTP status of the receiver's answer, or 0 when unreachable. */
  answered: number;
  attempt: number;
}

export interface CallbackOptions {
  /** Send each callback twice (a retried delivery that had in fact arrived). */
  duplicate: boolean;
  /** Hold intermediate (STARTED) callbacks until the enrollment's next one was delivered: out of order. */
  lateIntermediate: boolean;
  attempts: number;
}

function letterOf(status: EnrollmentStatus): string {
  if (status === 'STARTED') return 'E';
  if (status === 'CANCELED' || status === 'DISCONTINUED') return 'C';
  return 'F';
}

export function createCallbackSender(opts: CallbackOptions, deliveries: CallbackDelivery[]) {
  const pending = new Set<Promise<void>>();
  const held = new Map<number, (() => Promise<void>)[]>();

  async function deliver(url: string, headers: Record<string, string>, body: string, status: EnrollmentStatus, enrollmentId: number): Promise<void> {
    for (let attempt = 1; attempt <= opts.attempts; attempt++) {
      let answered = 0;
      try {
        const res = await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(10_000) });
        answered = res.status;
        await res.arrayBuffer().catch(() => undefined);
      } catch {
        answered = 0;
      }
      deliveries.push({ url, status, enrollmentId, answered, attempt });
      if (answered >= 200 && answered < 300) return;
    }
  }

  return {
    onTransition({ enrollment: e, to }: Transition): void {
      const letter = letterOf(to);
      const body = JSON.stringify({
        id: e.id,
        status: to,
        client_reference: e.request['client_reference'] ?? null,
        steps_status: { total: e.process.steps.length, done: e.stepsDone },
        ...(to === 'STARTED' ? { enrollment_step: { name: e.process.steps[0] ?? 'id_document', status: 'OK' } } : {}),
      });
      const sends: (() => Promise<void>)[] = [];
      for (const endpoint of e.callbackEndpoints) {
        if (endpoint.on.length > 0 && !endpoint.on.includes(letter)) continue;
        const headers = Object.fromEntries(endpoint.headers.map((h) => [h.name, h.value]));
        for (let copy = 0; copy < (opts.duplicate ? 2 : 1); copy++) sends.push(() => deliver(endpoint.url, headers, body, to, e.id));
      }
      if (opts.lateIntermediate && to === 'STARTED') {
        held.set(e.id, [...(held.get(e.id) ?? []), ...sends]);
        return;
      }
      const late = held.get(e.id) ?? [];
      held.delete(e.id);
      const p: Promise<void> = (async () => {
        await Promise.all(sends.map((send) => send()));
        await Promise.all(late.map((send) => send()));
      })().finally(() => pending.delete(p));
      pending.add(p);
    },
    /** Resolves once every delivery started so far has ended (tests, stop()). */
    async settled(): Promise<void> {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
