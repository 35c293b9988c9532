import { create } from 'zustand';
import type { z } from 'zod';
import type { providerEndpointSchema } from '../../../shared/ipc/contract.js';
import { providerIds, type ProviderId } from '../../../shared/domain/providerIds.js';
import type { Settings } from '../../../shared/domain/settings.js';

export type ProviderEndpoint = z.infer<typeof providerEndpointSchema>;

interface EndpointsState {
  endpoints: ProviderEndpoint[];
  setEndpoints(endpoints: ProviderEndpoint[]): void;
}

export const useEndpointsStore = create<EndpointsState>()((set) => ({
  endpoints: [],
  setEndpoints: (endpoints) => set({ endpoints }),
}));

/** Providers the settings send to the local simulator: any of them puts the app in Sandbox mode. */
export function simulatedProviders(settings: Settings | null): ProviderId[] {
  return providerIds.filter((p) => settings?.providers[p].environment === 'sandbox');
}
