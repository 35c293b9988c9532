import { fileStatus, localDateTime, tenantStatus, type DossierFacileStore, type SimDocument, type SimTenant } from './store.js';

/**
 * The JSON DossierFacile sends for a file: the profile / `tenants/{id}` model and the webhook payload
 * (docs/providers/dossierfacile.md#profile, #exposure, #webhooks). Null fields are omitted.
 */

export interface ModelUrls {
  /** The API origin, for `dossierPdfUrl` and document links. */
  api: string;
  /** The tenant web app, for `dossierUrl`. */
  tenantApp: string;
}

function documentModel(d: SimDocument, fullToken: string | undefined, urls: ModelUrls, forWebhook: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: d.id,
    documentCategory: d.category,
    documentSubCategory: d.subCategory,
    subCategory: d.subCategory,
    documentStatus: d.status,
  };
  if (d.monthlySum !== undefined) out['monthlySum'] = d.monthlySum;
  if (!forWebhook) {
    out['noDocument'] = false;
    if (d.deniedReason) out['documentDeniedReasons'] = { selectedOptions: [{ id: 42, label: d.deniedReason }], messageData: true };
    if (d.category === 'IDENTIFICATION') {
      out['documentAnalysisReport'] = { id: d.id + 4000, analysisStatus: 'CHECKED', failedRules: [], passedRules: [{ rule: 'R_FRENCH_IDENTITY_CARD_EXPIRATION', message: "La pièce d'identité est valide", level: 'CRITICAL', ruleData: null }], inconclusiveRules: [], createdAt: '2026-04-28T18:10:02.654321' };
    }
  }
  if (fullToken) {
    out['name'] = `${urls.api}/api/application/links/${fullToken}/documents/${d.uuid}`;
    if (!forWebhook) out['token'] = d.uuid;
  }
  return out;
}

function tenantModel(store: DossierFacileStore, t: SimTenant, fullToken: string | undefined, urls: ModelUrls, forWebhook: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: t.id,
    firstName: t.firstName,
    lastName: t.lastName,
    email: t.email,
    tenantType: t.tenantType,
    status: tenantStatus(t),
    honorDeclaration: t.honorDeclaration,
    lastUpdateDate: localDateTime(t.lastUpdateAt, 0, forWebhook),
    documents: t.documents.map((d) => documentModel(d, fullToken, urls, forWebhook)),
    guarantors: t.guarantors.map((g) => ({
      id: g.id,
      firstName: g.firstName,
      lastName: g.lastName,
      typeGuarantor: g.typeGuarantor,
      documents: g.documents.map((d) => documentModel(d, fullToken, urls, forWebhook)),
    })),
    franceConnect: false,
  };
  if (t.zipCode) out['zipCode'] = t.zipCode;
  if (forWebhook) {
    out['ownerType'] = 'SELF';
    out['partnerLinked'] = store.isLinked(t);
  } else {
    out['creationDateTime'] = localDateTime(t.createdAt);
  }
  return out;
}

export function connectedTenantModel(store: DossierFacileStore, t: SimTenant, urls: ModelUrls): Record<string, unknown> {
  return { connectedTenantId: t.id, apartmentSharing: sharingModel(store, t, urls, false) };
}

function sharingModel(store: DossierFacileStore, t: SimTenant, urls: ModelUrls, forWebhook: boolean): Record<string, unknown> {
  const sharing = store.sharingOf(t);
  const tenants = store.tenantsOf(sharing);
  const status = fileStatus(tenants.length > 0 ? tenants : [t]);
  const out: Record<string, unknown> = { id: sharing.id, applicationType: sharing.applicationType };
  if (status === 'VALIDATED' && sharing.fullToken) {
    out['dossierUrl'] = `${urls.tenantApp}/file/${sharing.fullToken}`;
    out['dossierPdfUrl'] = `${urls.api}/api/application/fullPdf/${sharing.fullToken}`;
    if (!forWebhook) out['token'] = sharing.fullToken;
  }
  if (status === 'VALIDATED' && sharing.publicToken && !forWebhook) out['tokenPublic'] = sharing.publicToken;
  out['status'] = status;
  out['tenants'] = (tenants.length > 0 ? tenants : [t]).map((x) => tenantModel(store, x, sharing.fullToken, urls, forWebhook));
  return out;
}

export function webhookPayload(store: DossierFacileStore, type: string, t: SimTenant, urls: ModelUrls, at: number): Record<string, unknown> {
  if (type === 'ACCESS_REVOKED') return { partnerCallBackType: type, onTenantId: t.id };
  const sharing = sharingModel(store, t, urls, true);
  const { id, applicationType, ...rest } = sharing;
  return { id, applicationType, partnerCallBackType: type, onTenantId: t.id, dossierPdfDocumentStatus: 'NONE', ...rest, lastUpdateDate: localDateTime(at, 0, true) };
}
