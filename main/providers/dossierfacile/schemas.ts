import { z } from 'zod';

/**
 * Shapes of what DossierFacile sends (docs/providers/dossierfacile.md#profile, #partner-api,
 * #partner-sync, #webhooks). Null fields are omitted by the profile and new fields appear every year:
 * unknown keys are kept, optional fields may be missing or null, and every enum is open (an unknown
 * category or status is a string like any other, never a parse failure).
 */

const opt = <T extends z.ZodType>(schema: T) => schema.nullish();
/** An open enum: the values known today, as plain strings. */
const openEnum = z.string().min(1);
const id = z.number().int();
/** Zone-less Paris local date-time with a trimmed fraction (`2026-05-04T10:12:33.123456`, `…:11.5`). */
export const localDateTimeSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/);

const analysisRuleSchema = z.looseObject({
  rule: z.string(),
  message: opt(z.string()),
  level: opt(openEnum),
  ruleData: z.unknown().optional(),
});

/** Informative only, never blocking; `brokenRules` is the shape before August 2025. */
export const analysisReportSchema = z.looseObject({
  id: opt(id),
  analysisStatus: opt(openEnum),
  failedRules: opt(z.array(analysisRuleSchema)),
  passedRules: opt(z.array(analysisRuleSchema)),
  inconclusiveRules: opt(z.array(analysisRuleSchema)),
  brokenRules: opt(z.array(analysisRuleSchema)),
  comment: opt(z.string()),
  createdAt: opt(localDateTimeSchema),
});

export const documentSchema = z.looseObject({
  id: id,
  documentCategory: openEnum,
  documentSubCategory: opt(z.string()),
  /** Deprecated duplicate of documentSubCategory. */
  subCategory: opt(z.string()),
  documentCategoryStep: opt(z.string()),
  noDocument: opt(z.boolean()),
  customText: opt(z.string()),
  monthlySum: opt(z.number()),
  documentStatus: openEnum,
  documentDeniedReasons: opt(
    z.looseObject({
      selectedOptions: opt(z.array(z.looseObject({ id: opt(id), label: z.string() }))),
      messageData: opt(z.boolean()),
      comment: opt(z.string()),
    }),
  ),
  documentAnalysisReport: opt(analysisReportSchema),
  /** A download URL (the partner's full link), not a file name. */
  name: opt(z.string()),
  token: opt(z.string()),
});
export type DfcDocument = z.infer<typeof documentSchema>;

export const guarantorSchema = z.looseObject({
  id: id,
  firstName: opt(z.string()),
  lastName: opt(z.string()),
  legalPersonName: opt(z.string()),
  typeGuarantor: openEnum,
  documents: z.array(documentSchema).nullish().transform((d) => d ?? []),
});
export type DfcGuarantor = z.infer<typeof guarantorSchema>;

export const tenantSchema = z.looseObject({
  id: id,
  firstName: opt(z.string()),
  lastName: opt(z.string()),
  preferredName: opt(z.string()),
  zipCode: opt(z.string()),
  abroad: opt(z.boolean()),
  email: opt(z.string()),
  tenantType: opt(openEnum),
  status: openEnum,
  honorDeclaration: opt(z.boolean()),
  lastUpdateDate: opt(localDateTimeSchema),
  creationDateTime: opt(localDateTimeSchema),
  clarification: opt(z.string()),
  documents: z.array(documentSchema).nullish().transform((d) => d ?? []),
  guarantors: z.array(guarantorSchema).nullish().transform((g) => g ?? []),
  franceConnect: opt(z.boolean()),
});
export type DfcTenant = z.infer<typeof tenantSchema>;

export const apartmentSharingSchema = z.looseObject({
  id: id,
  applicationType: openEnum,
  token: opt(z.string()),
  tokenPublic: opt(z.string()),
  dossierUrl: opt(z.string()),
  dossierPdfUrl: opt(z.string()),
  status: openEnum,
  tenants: z.array(tenantSchema),
});

/** `GET /dfc/tenant/profile` and `GET /dfc/api/v1/tenants/{id}`. */
export const connectedTenantSchema = z.looseObject({
  connectedTenantId: id,
  apartmentSharing: apartmentSharingSchema,
});
export type DfcConnectedTenant = z.infer<typeof connectedTenantSchema>;

/** `GET|PATCH /dfc/api/v1/settings`: nulls are serialised; `name` is read-only. */
export const partnerSettingsSchema = z.looseObject({
  name: opt(z.string()),
  email: opt(z.string()),
  callbackUrl: opt(z.string()),
  callbackApiKey: opt(z.string()),
});
export type DfcPartnerSettings = z.infer<typeof partnerSettingsSchema>;

/** One row of `GET /dfc/api/v1/tenants`: an update, or a deletion / revocation with the other fields null. */
export const tenantUpdateSchema = z.looseObject({
  id: id,
  apartmentSharingId: opt(id),
  lastUpdateDate: opt(localDateTimeSchema),
  creationDate: opt(localDateTimeSchema),
  deletionDate: opt(localDateTimeSchema),
  revocationDate: opt(localDateTimeSchema),
});
export type DfcTenantUpdate = z.infer<typeof tenantUpdateSchema>;

export const tenantsPageSchema = z.looseObject({
  data: z.array(tenantUpdateSchema),
  metadata: z.looseObject({
    limit: opt(z.number()),
    resultCount: z.number().int().nonnegative(),
    nextLink: opt(z.string()),
  }),
});
export type DfcTenantsPage = z.infer<typeof tenantsPageSchema>;
