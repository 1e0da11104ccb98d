export { ADOPTION_SYSTEM_SCHEDULE, adoptionSnapshotExecutor } from './adoption-executor.ts';
export { createAdoptionRecorder } from './adoption-recorder.ts';
export type { AdoptionRecorder } from './adoption-recorder.ts';
export { buildDashboard, dashboardSpan, FIGURE_SOURCES } from './dashboard.ts';
export type { Dashboard, DashboardDay, FigureSource } from './dashboard.ts';
export { backfillAdoptionFromGit } from './git-backfill.ts';
export type { BackfillReport } from './git-backfill.ts';
export { measureAdoption, recordAdoption } from './measure-adoption.ts';
