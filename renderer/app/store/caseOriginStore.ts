import { create } from 'zustand';
import type { ProviderId } from '../../../shared/domain/providerIds.js';
import { useNavigationStore } from './navigationStore.js';

/** The Archive's case folder a provider's action was started from (docs/architecture.md#archive). */
export interface CaseOrigin {
  caseId: number;
  title: string;
  provider: ProviderId;
}

interface CaseOriginState {
  origin: CaseOrigin | null;
  /** Opens the provider's page: what the clerk creates there (deposit, check, connection) joins the case. */
  startFrom(origin: CaseOrigin): void;
  /** The action was done, or the clerk no longer wants it filed in the case. */
  clear(): void;
}

/**
 * Carries a case folder from the Archive to a provider's page without either feature knowing the
 * other: the provider's page reads the origin meant for it and sends its id with the request that
 * creates something (`archiveCaseId`); main files what comes of it into the case.
 */
export const useCaseOriginStore = create<CaseOriginState>()((set) => ({
  origin: null,
  startFrom: (origin) => {
    set({ origin });
    useNavigationStore.getState().goTo(origin.provider);
  },
  clear: () => set({ origin: null }),
}));

/** The case the given provider's next action files into, if the clerk came from one. */
export function useCaseOriginFor(provider: ProviderId): CaseOrigin | null {
  return useCaseOriginStore((s) => (s.origin?.provider === provider ? s.origin : null));
}
