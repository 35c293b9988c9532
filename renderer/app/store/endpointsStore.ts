import { create } from 'zustand';
import type { z } from 'zod';
import type { providerEndpointSchema } from '../../../shared/ipc/contract.js';
import type { ProviderId } from '../../../shared/domain/providers.js';

export type ProviderEndpoint = z.infer<typeof providerEndpointSchema>;

interface EndpointsState {
  endpoints: ProviderEndpoint[];
  setEndpoints(endpoints: ProviderEndpoint[]): void;
}

export const useEndpointsStore = create<EndpointsState>()((set) => ({
  endpoints: [],
  setEndpoints: (endpoints) => set({ endpoints }),
}));

/** Providers currently answered by the local simulator: any of them puts the app in Sandbox mode. */
export function simulatedProviders(endpoints: readonly ProviderEndpoint[]): ProviderId[] {
  return endpoints.filter((e) => e.simulated).map((e) => e.provider);
}
