import { id360EnrollmentsMigration } from './enrollments.js';

/**
 * The ID360 tables. Their numbers belong to the one global order of the database: 001–002 core,
 * 003–007 Parapheur, 008 ID360 (009 is the core's journal messages).
 */
export const id360Migrations = [id360EnrollmentsMigration(8)];
