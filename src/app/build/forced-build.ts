import { randomUUID } from 'node:crypto';
import type { MeshworkStore } from '../store/store.ts';
import type { BuildReport } from './build-mesh.ts';

/**
 * Records in the audit log that a build published products despite error-level policy
 * findings (`meshwork build --force`): who, which products, which policies. Nothing when
 * nothing was forced.
 */
export async function recordForcedBuild(
  store: MeshworkStore,
  report: BuildReport,
  actor: string,
  at: Date,
): Promise<boolean> {
  if (report.policy.forced.length === 0) return false;
  const published = report.policy.forced.filter((key) =>
    report.products.some((p) => p.product === key && p.status === 'published'),
  );
  await store.audit.append({
    id: randomUUID(),
    at: at.toISOString(),
    actor,
    action: 'build.forced',
    target: report.policy.forced.join(','),
    details: {
      products: report.policy.forced.join(','),
      published: published.join(','),
      policies: [...new Set(report.policy.errors.map((f) => f.policy ?? f.code))].join(','),
      findings: report.policy.errors.length,
    },
  });
  return true;
}
