import crypto from 'node:crypto';
import type { DfcPartnerSettingsView } from '../../../../shared/ipc/dossierfacile.js';
import type { RequestOf } from '../../../../shared/ipc/contract.js';
import type { IpcRouter } from '../../../core/ipc/router.js';
import type { ProviderDeps } from '../../../core/modules/providerModule.js';
import type { DfcPartnerSettings } from '../schemas.js';
import type { DfcConnections } from './dfcConnection.js';

/**
 * Réglages › DossierFacile › « Paramètres partenaire »: `GET/PATCH /dfc/api/v1/settings` with the
 * service token (docs/providers/dossierfacile.md#partner-api). The callback API key is a secret: the
 * one DossierFacile sends with its webhooks is kept in the vault (`dossierfacile.callbackApiKey`,
 * which the relay pull checks, docs/providers/dossierfacile.md#webhooks) and the page only learns
 * whether one is set. `name` is DossierFacile's and read-only.
 */

/** 32 random bytes: what DossierFacile echoes in `x-api-key` and the relayed webhooks are checked against. */
export function newCallbackApiKey(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export function registerPartnerSettings(deps: ProviderDeps, router: IpcRouter, connections: DfcConnections) {
  /** The provider's key is the one its webhooks carry: the vault follows it, so relayed webhooks pass the check. */
  async function keep(settings: DfcPartnerSettings): Promise<DfcPartnerSettingsView> {
    const key = settings.callbackApiKey ?? null;
    if (key && (await deps.vault.get('dossierfacile.callbackApiKey')) !== key) await deps.vault.set('dossierfacile.callbackApiKey', key);
    return { name: settings.name ?? '', email: settings.email ?? null, callbackUrl: settings.callbackUrl || null, callbackApiKeySet: Boolean(key) };
  }

  router.register('dossierfacile.partnerSettings.get', async () => {
    const conn = await connections.connection();
    return keep(await conn.client.getSettings());
  });

  router.register('dossierfacile.partnerSettings.update', async (patch: RequestOf<'dossierfacile.partnerSettings.update'>) => {
    const conn = await connections.connection();
    const callbackApiKey = patch.callbackApiKey === 'generate' ? newCallbackApiKey() : undefined;
    const saved = await conn.client.patchSettings({
      ...(patch.email !== undefined ? { email: patch.email } : {}),
      ...(patch.callbackUrl !== undefined ? { callbackUrl: patch.callbackUrl } : {}),
      ...(callbackApiKey ? { callbackApiKey } : {}),
    });
    const changed = [
      ...(patch.email !== undefined ? ['email'] : []),
      ...(patch.callbackUrl !== undefined ? ['callbackUrl'] : []),
      ...(callbackApiKey ? ['callbackApiKey'] : []),
    ];
    // Which fields changed, never their values (the key is a secret, the e-mail a person's).
    deps.journal.append({
      actor: 'agent',
      action: 'dossierfacile.partnerSettings.update',
      provider: 'dossierfacile',
      summary: { key: 'dossierfacile:activity.partnerSettings', params: { fields: changed.join(', ') } },
    });
    return keep(saved);
  });
}
