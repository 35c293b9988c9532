import { dossierfacileTenantsMigration } from './tenants.js';

/**
 * The DossierFacile tables. Their numbers belong to the one global order of the database: 001–002
 * core, 003–007 Parapheur, 008 ID360, 009 the core's journal messages, 010 DossierFacile.
 */
export const dossierfacileMigrations = [dossierfacileTenantsMigration(10)];
