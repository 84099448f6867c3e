import type { Migration } from 'kysely';
import * as initial from './2026-11-25_001_initial';
import * as reminders from './2026-11-25_002_reminders';
import * as reports from './2026-11-25_003_reports';
import * as recap from './2026-11-25_004_recap';
import * as recapIndexes from './2026-11-25_005_recap_indexes';
import * as recapDays from './2026-11-25_006_recap_days';
import * as effects from './2026-12-04_007_effects';
import * as processedUpdates from './2026-12-04_008_processed_updates';
import * as peopleLifecycle from './2026-12-04_009_people_lifecycle';
import * as rollcall from './2026-12-04_010_rollcall';
import * as obstacles from './2026-12-04_011_obstacles';
import * as authenticity from './2026-12-04_012_authenticity';
import * as paidBroadcast from './2026-12-04_013_paid_broadcast';
import * as issuePreviews from './2026-12-05_014_issue_previews';

/**
 * Every migration, by its frozen name. A static list (not a directory scan) so the
 * same code runs under tsx, vitest and a bundler.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-25_001_initial': initial,
  '2026-11-25_002_reminders': reminders,
  '2026-11-25_003_reports': reports,
  '2026-11-25_004_recap': recap,
  '2026-11-25_005_recap_indexes': recapIndexes,
  '2026-11-25_006_recap_days': recapDays,
  '2026-12-04_007_effects': effects,
  '2026-12-04_008_processed_updates': processedUpdates,
  '2026-12-04_009_people_lifecycle': peopleLifecycle,
  '2026-12-04_010_rollcall': rollcall,
  '2026-12-04_011_obstacles': obstacles,
  '2026-12-04_012_authenticity': authenticity,
  '2026-12-04_013_paid_broadcast': paidBroadcast,
  '2026-12-05_014_issue_previews': issuePreviews,
};
