import { z } from 'zod';

/**
 * Shapes of ID360's replies (docs/providers/id360.md#enrollment, #report). Unknown keys are kept and
 * nearly everything is optional: the report's internals vary between versions and processes.
 */

/** Integer in reports, a string in the official example: stored as a string. */
const idSchema = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform((v) => String(v));
const text = z.string().nullish();

export const loginReplySchema = z.looseObject({ token: z.string().regex(/^[A-Za-z0-9]{20,64}$/) });

export const whoamiReplySchema = z.looseObject({}).nullish();

export const enrollmentSchema = z.looseObject({
  url: text,
  id: idSchema,
  process: z.union([z.number(), z.string()]).nullish(),
  api_key: text,
  browser_callback_url: text,
  client_reference: text,
  status: z.string().min(1),
  reason: text,
  creation_time: text,
  starting_time: text,
  finished_time: text,
  callback_endpoints: z
    .array(z.looseObject({ url: z.string(), on: z.array(z.string()).nullish(), headers: z.array(z.looseObject({ name: z.string() })).nullish() }))
    .nullish(),
});
export type Id360Enrollment = z.infer<typeof enrollmentSchema>;

/** The create reply must carry what Guichet persists: the id and the journey's api_key. */
export const createdEnrollmentSchema = enrollmentSchema.extend({ api_key: z.string().regex(/^[0-9a-fA-F]{16,64}$/) });
export type Id360CreatedEnrollment = z.infer<typeof createdEnrollmentSchema>;

export const statusByTokenSchema = z.looseObject({ id: idSchema.nullish(), status: z.string().min(1) });
export const enrollmentInfoSchema = z.looseObject({});

const reportFileSchema = z.looseObject({ hash: text, hash_algorithm: text, url: z.string().min(1) });
const reportDocumentSchema = z.looseObject({ name: text, status: text, files: z.array(reportFileSchema).nullish() });
const statusCodeSchema = z.looseObject({ code: z.string(), message: text });
const identitySchema = z.looseObject({
  name: text,
  first_name: text,
  first_names: z.array(z.string()).nullish(),
  birth_name: text,
  birth_date: text,
  gender: text,
  birth_place: text,
  birth_country: text,
  email: text,
  phone_number: text,
  address: text,
  zip_code: text,
  city: text,
  country: text,
});

export const reportSignatureSchema = z.looseObject({
  sha256_hash: text,
  algorithm: text,
  curve: text,
  public_key_url: text,
  signature: text,
});

export const reportSchema = z.looseObject({
  version: z.union([z.number(), z.string()]).nullish(),
  id: idSchema.nullish(),
  status: z.string().min(1),
  identity_status: text,
  reason: text,
  client_reference: text,
  process_uuid: text,
  process_name: text,
  creation_time: text,
  starting_time: text,
  finished_time: text,
  identity: identitySchema.nullish(),
  documents: z.record(z.string(), z.array(reportDocumentSchema).nullish()).nullish(),
  steps: z.record(z.string(), z.looseObject({ status: text }).nullish()).nullish(),
  status_codes: z.array(statusCodeSchema).nullish(),
  all_status_codes: z.array(z.looseObject({ status_code: statusCodeSchema.nullish(), where: text })).nullish(),
  extracted_data: z.looseObject({ identity: z.array(z.looseObject({ type: text })).nullish() }).nullish(),
  finalizer_reports: z
    .looseObject({
      validator_report: z
        .looseObject({
          is_valid: z.boolean().nullish(),
          validations: z
            .array(z.looseObject({ id: z.union([z.number(), z.string()]).nullish(), description: text, message: text, is_valid: z.boolean().nullish() }))
            .nullish(),
        })
        .nullish(),
    })
    .nullish(),
  signature: reportSignatureSchema.nullish(),
  unsigned: z.looseObject({}).nullish(),
  archive_reference: text,
});
export type Id360Report = z.infer<typeof reportSchema>;
export type Id360ReportSignature = z.infer<typeof reportSignatureSchema>;
