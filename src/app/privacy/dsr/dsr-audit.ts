import { recordAudit } from '../../accounts/audit.ts';
import type { MeshworkStore } from '../../store/store.ts';
import type { SubjectHashKey } from '../subject-hash.ts';
import { subjectHash } from '../subject-hash.ts';
import { assertStoreSubjectKey } from '../subject-key-check.ts';
import type { SubjectLocation } from './locate-subject.ts';

/**
 * The audit entry of a data subject request (`dsr.find`, `dsr.export`): who asked, for
 * which kind of identifier, a keyed hash of the subject (`subject-hash.ts`) and what was
 * found — never the identifier itself, nor a linked one, nor a row.
 */
export async function auditSubjectSearch(
  store: MeshworkStore,
  entry: {
    readonly action: 'dsr.find' | 'dsr.export';
    readonly actor: string;
    readonly key: SubjectHashKey;
    readonly value: string;
    readonly location: SubjectLocation;
    readonly details?: Readonly<Record<string, string | number | boolean | null>>;
  },
): Promise<string> {
  // A hash under another key than the erasures' names no one the others know.
  await assertStoreSubjectKey(store, entry.key, entry.action.replace('.', ' '));
  const hash = subjectHash(entry.key, entry.value);
  const { location } = entry;
  await recordAudit(store, {
    actor: entry.actor,
    action: entry.action,
    target: `subject:${location.kind}:${hash}`,
    details: {
      kind: location.kind,
      subjectHash: hash,
      keyFingerprint: entry.key.fingerprint(),
      objects: location.matches.length,
      rows: location.matches.reduce((sum, match) => sum + match.rows, 0),
      notSearched: location.notSearched.length,
      complete: location.complete,
      ...entry.details,
    },
  });
  return hash;
}
