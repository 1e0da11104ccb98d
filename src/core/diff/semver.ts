import type { ChangeSeverity, ContractChange } from './change.ts';

/**
 * The version rule: a contract whose new version has breaking changes needs a new major
 * version (semver.org). Below 1.0.0 the minor number plays the major's part (0.3 → 0.4),
 * as npm's caret ranges and Cargo read it, since semver itself promises nothing there.
 * Other mismatches are warnings: changes without any new version, a version that goes
 * down, or a version that is not a semantic version.
 */
export interface SemVer {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly prerelease: string;
}

export type Bump = 'major' | 'minor' | 'patch' | 'prerelease' | 'none' | 'downgrade' | 'unknown';

export interface VersionVerdict {
  readonly from: string | null;
  readonly to: string | null;
  /** What the version did. */
  readonly bump: Bump;
  /** What the changes ask for: major for breaking, minor for warnings, patch for info. */
  readonly required: 'major' | 'minor' | 'patch' | 'none';
  /** `error` only for breaking changes without a new major version (exit 1). */
  readonly severity: 'error' | 'warning' | 'ok';
  readonly message: string;
}

// The grammar of semver.org 2.0.0, build metadata allowed and ignored.
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

export function parseSemver(text: unknown): SemVer | undefined {
  if (typeof text !== 'string') return undefined;
  const m = SEMVER.exec(text.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), prerelease: m[4] ?? '' };
}

/** Precedence as semver.org §11: numbers, then a pre-release sorts before its release. */
export function compareSemver(a: SemVer, b: SemVer): number {
  const numbers = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (numbers !== 0) return Math.sign(numbers);
  if (a.prerelease === b.prerelease) return 0;
  if (a.prerelease === '') return 1;
  if (b.prerelease === '') return -1;
  const x = a.prerelease.split('.');
  const y = b.prerelease.split('.');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const p = x[i];
    const q = y[i];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    if (p === q) continue;
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    if (pn && qn) return Math.sign(Number(p) - Number(q));
    if (pn !== qn) return pn ? -1 : 1;
    return p < q ? -1 : 1;
  }
  return 0;
}

export function bumpOf(from: SemVer, to: SemVer): Bump {
  const order = compareSemver(from, to);
  if (order > 0) return 'downgrade';
  if (order === 0) return 'none';
  if (to.major > from.major) return 'major';
  if (from.major === 0 && to.major === 0 && to.minor > from.minor) return 'major';
  if (to.minor > from.minor) return 'minor';
  if (to.patch > from.patch) return 'patch';
  return 'prerelease';
}

const RANK: Readonly<Record<Bump, number>> = {
  unknown: -2,
  downgrade: -1,
  none: 0,
  prerelease: 0,
  patch: 1,
  minor: 2,
  major: 3,
};

function requiredBy(changes: readonly ContractChange[]): VersionVerdict['required'] {
  const has = (s: ChangeSeverity): boolean => changes.some((c) => c.severity === s);
  if (has('breaking')) return 'major';
  if (has('warning')) return 'minor';
  return changes.some((c) => c.path !== '$.version') ? 'patch' : 'none';
}

export function versionVerdict(
  fromVersion: unknown,
  toVersion: unknown,
  changes: readonly ContractChange[],
): VersionVerdict {
  const from = typeof fromVersion === 'string' ? fromVersion : null;
  const to = typeof toVersion === 'string' ? toVersion : null;
  const required = requiredBy(changes);
  const a = parseSemver(from);
  const b = parseSemver(to);
  const bump: Bump = a && b ? bumpOf(a, b) : 'unknown';
  const base = { from, to, bump, required } as const;
  if (!b || !a) {
    const which = !b ? `new version "${to ?? ''}"` : `old version "${from ?? ''}"`;
    const problem = `The ${which} is not a semantic version (MAJOR.MINOR.PATCH)`;
    return required === 'major'
      ? {
          ...base,
          severity: 'error',
          message: `${problem}, so the breaking changes cannot be shown to come with a new major version.`,
        }
      : { ...base, severity: 'warning', message: `${problem}.` };
  }
  if (required === 'major' && bump !== 'major') {
    const next = a.major === 0 ? `0.${a.minor + 1}.0` : `${a.major + 1}.0.0`;
    return {
      ...base,
      severity: 'error',
      message: `Breaking changes need a new major version: ${from} → ${next} (or later), not ${to}.`,
    };
  }
  if (bump === 'downgrade')
    return { ...base, severity: 'warning', message: `The version goes down (${from} → ${to}).` };
  if (RANK[bump] < RANK[required]) {
    return {
      ...base,
      severity: 'warning',
      message: `The changes suggest a new ${required} version; the version went ${bump === 'none' ? 'unchanged' : `up by ${bump}`} (${from} → ${to}).`,
    };
  }
  return {
    ...base,
    severity: 'ok',
    message: bump === 'none' ? `Version ${to} (unchanged).` : `Version ${from} → ${to} (${bump}).`,
  };
}
