import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ErasureMode, Suppression } from '../../core/privacy/dsr-model.ts';
import { subjectKeysOf } from '../../core/privacy/subject-keys.ts';
import type { HmacKey, RowMatch } from '../../engines/build-engine.ts';
import { loadSnapshotRewriter } from '../../engines/registry.ts';
import type {
  PortSuppressed,
  PortSuppression,
  PortSuppressionRequest,
} from '../build/port-suppression.ts';
import { MeshworkError } from '../errors.ts';
import type { StoreAccess } from '../store/store-access.ts';
import { hiddenColumns } from './erase/erase-plan.ts';
import type { SubjectHashKey } from './subject-hash.ts';
import { assertSubjectKeyMatches } from './subject-key-check.ts';

/**
 * The build side of an erasure (issue 11, "a later build does not bring them back"). The
 * choice, documented in docs/privacy.md ("Keeping erased people out"): a **suppression list applied at build
 * time**. `meshwork dsr erase` records a `Suppression` per identifier kind of the person
 * (the keyed hash, never the value); every build afterwards drops (delete) or
 * pseudonymises (pseudonymise) the rows of an output port whose subject-key column
 * (`meshworkSubjectKey`) of that kind hashes to a suppressed hash — while the source still
 * holds the person, until its owner has erased them there (the DSR task). The hash is
 * computed by the engine (HMAC-SHA-256 from the key's pads, bound as parameters), the rows
 * never come into JavaScript, and the rows suppressed are counted in the build report.
 *
 * Only declared subject-key columns are matched: a port that holds the person under a
 * column no contract declares is not found by `dsr find` either — declare it.
 */
export interface BuildSuppressionOptions {
  readonly store: StoreAccess;
  /**
   * The subject hash key (`loadSubjectHashKey`), asked for only when a port has something
   * to suppress. Its fingerprint must be the one of the port's suppressions: with another
   * key no one would match, so the product fails instead of publishing erased people.
   */
  readonly key: () => Promise<SubjectHashKey>;
}

/** Suppressions by identifier kind and mode, and the key fingerprints they were made with. */
interface SuppressedHashes {
  readonly byKind: ReadonlyMap<string, Readonly<Record<ErasureMode, readonly string[]>>>;
  readonly fingerprints: readonly string[];
}

const PAGE = 1000;

export function createBuildSuppression(options: BuildSuppressionOptions): PortSuppression {
  let key: Promise<SubjectHashKey> | undefined;
  return {
    async apply(request) {
      const keys = subjectKeysOf(request.contract.doc.source.data);
      if (keys.length === 0) return { deleted: 0, pseudonymised: 0 };
      // Read for each port, under its product's build lock, never once per build: an
      // erasure stores its suppressions before it rewrites a port, so a port either sees
      // them here or is locked while the erasure tries it (which then says so).
      const hashes = await readSuppressions(options.store, [...new Set(keys.map((k) => k.kind))]);
      if (hashes.byKind.size === 0) return { deleted: 0, pseudonymised: 0 };
      const subjectKey = await (key ??= options.key());
      assertSubjectKeyMatches(
        subjectKey,
        hashes.fingerprints,
        `contract "${request.contract.id ?? request.contract.doc.path}": nothing was published`,
      );
      return suppressPort(request, hashes.byKind, subjectKey);
    },
  };
}

async function readSuppressions(
  store: StoreAccess,
  kinds: readonly string[],
): Promise<SuppressedHashes> {
  const all: Suppression[] = [];
  await store(async (s) => {
    let cursor: string | null = null;
    do {
      const page = await s.suppressions.list({ kinds, limit: PAGE, cursor });
      all.push(...page.items);
      cursor = page.next;
    } while (cursor !== null);
  });
  const byKind = new Map<string, Record<ErasureMode, string[]>>();
  for (const suppression of all) {
    let entry = byKind.get(suppression.kind);
    if (!entry) byKind.set(suppression.kind, (entry = { delete: [], pseudonymise: [] }));
    entry[suppression.mode].push(suppression.subjectHash);
  }
  return { byKind, fingerprints: [...new Set(all.map((s) => s.keyFingerprint))] };
}

async function suppressPort(
  request: PortSuppressionRequest,
  hashes: SuppressedHashes['byKind'],
  key: HmacKey,
): Promise<PortSuppressed> {
  const rewrite = await loadSnapshotRewriter();
  const keys = subjectKeysOf(request.contract.doc.source.data);
  let deleted = 0;
  let pseudonymised = 0;
  for (const [object, file] of Object.entries(request.files)) {
    const own = keys.filter((k) => k.object === object);
    const matches = (mode: ErasureMode): RowMatch[] =>
      own.flatMap((k) => {
        const list = hashes.get(k.kind)?.[mode] ?? [];
        return list.length === 0
          ? []
          : [{ kind: 'subject-hash' as const, column: k.physicalColumn, hashes: list }];
      });
    // Deleted first: a person suppressed both ways is gone, not pseudonymised.
    const steps = [
      { action: 'delete' as const, match: matches('delete'), columns: [] as string[] },
      {
        action: 'pseudonymise' as const,
        match: matches('pseudonymise'),
        columns: [
          ...new Set([
            ...hiddenColumns(request.contract, object),
            ...own.map((k) => k.physicalColumn),
          ]),
        ],
      },
    ];
    for (const step of steps) {
      if (step.match.length === 0) continue;
      const target = join(
        request.scratchDir,
        `suppressed-${randomBytes(4).toString('hex')}.parquet`,
      );
      try {
        const result = await rewrite(
          {
            source: file,
            target,
            match: step.match,
            action: step.action,
            columns: step.columns,
            key,
          },
          request.scratchDir,
        );
        if (result.missing.length > 0)
          throw new MeshworkError(
            'invalid-input',
            `contract "${request.contract.id ?? request.contract.doc.path}": the port's ${object} has no column ${result.missing.map((c) => `"${c}"`).join(', ')} that its subject keys name, so erased people could not be kept out; nothing was published.`,
          );
        if (result.written) await rename(target, file);
        if (step.action === 'delete') deleted += result.matched;
        else pseudonymised += result.matched;
      } finally {
        await rm(target, { force: true });
      }
    }
  }
  return { deleted, pseudonymised };
}
