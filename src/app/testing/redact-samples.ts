import { hidesValues } from '../../core/privacy/index.ts';
import type { CheckResult, SampleRow, TestRun } from '../../core/quality/index.ts';

/**
 * A reported run's samples without personal or confidential values, by the contract the server serves: a run
 * made by an older `meshwork` (or any other client) may carry values that `meshwork test`
 * itself never fetches (`samples.ts`). Columns are matched by physical name and name.
 */
export function redactPersonalSamples(run: TestRun, contract: unknown): TestRun {
  const personal = personalColumns(contract);
  if (personal.size === 0) return run;
  const clean = (check: CheckResult): CheckResult => {
    const hidden = personal.get(check.schema ?? '') ?? new Set<string>();
    if (check.samples.length === 0 || hidden.size === 0) return check;
    const samples = check.samples.map((row): SampleRow =>
      Object.fromEntries(Object.entries(row).filter(([k]) => !hidden.has(k))),
    );
    return { ...check, samples };
  };
  return { ...run, checks: run.checks.map(clean) };
}

function personalColumns(contract: unknown): Map<string, Set<string>> {
  const byObject = new Map<string, Set<string>>();
  const schema = (contract as { schema?: unknown } | null)?.schema;
  if (!Array.isArray(schema)) return byObject;
  for (const object of schema as unknown[]) {
    const o = object as { name?: unknown; properties?: unknown } | null;
    if (typeof o?.name !== 'string' || !Array.isArray(o.properties)) continue;
    const hidden = new Set<string>();
    for (const property of o.properties as unknown[]) {
      if (!hidesValues(property)) continue;
      const p = property as { name?: unknown; physicalName?: unknown };
      for (const name of [p.name, p.physicalName]) if (typeof name === 'string') hidden.add(name);
    }
    if (hidden.size > 0) byObject.set(o.name, hidden);
  }
  return byObject;
}
