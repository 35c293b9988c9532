import { dossierfacileTenantsMigration } from './tenants.js';
import { dossierfacilePurgedFilesMigration } from './purgedFiles.js';
import { dossierfacilePurgedTenantsMigration } from './purgedTenants.js';

/**
 * The DossierFacile tables. Their numbers belong to the one global order of the database: 001–002
 * core, 003–007 Parapheur, 008 ID360, 009 the core's journal messages, 010 DossierFacile, 011–013 the
 * Archive, 014–015 ID360, 016 DossierFacile's purged copies and last successful sync, 017 ID360, 018
 * DossierFacile's tenants purged by the clerk.
 */
export const dossierfacileMigrations = [dossierfacileTenantsMigration(10), dossierfacilePurgedFilesMigration(16), dossierfacilePurgedTenantsMigration(18)];
