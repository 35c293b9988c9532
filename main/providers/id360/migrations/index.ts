import { id360EnrollmentsMigration } from './enrollments.js';
import { id360StatusCodesMigration } from './statusCodes.js';
import { id360CreationMigration } from './creation.js';
import { id360SyncStateMigration } from './syncState.js';

/**
 * The ID360 tables. Their numbers belong to the one global order of the database: 001–002 core,
 * 003–007 Parapheur, 008 ID360 (009 is the core's journal messages, 010 DossierFacile, 011 the
 * Archive, 012 its ZIP exports, 013 its case origins), 014 ID360's status codes in the tracker, 015 its
 * checks recorded before creation (016 is DossierFacile's purged copies), 017 the tracker's last sync.
 */
export const id360Migrations = [id360EnrollmentsMigration(8), id360StatusCodesMigration(14), id360CreationMigration(15), id360SyncStateMigration(17)];
