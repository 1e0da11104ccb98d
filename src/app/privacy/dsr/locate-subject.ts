import type { MeshModel } from '../../../core/mesh/mesh-model.ts';
import type { SubjectIdentifier } from '../../../core/privacy/subject-keys.ts';
import { normaliseSubjectValue } from '../../../core/privacy/subject-keys.ts';
import type { IdentifierValues, SubjectKeyRef } from './subject-sql.ts';
import type { Row } from '../../../engines/engine.ts';
import { countSubjectSql, subjectGroupsSql, subjectRowsSql } from './subject-sql.ts';
import type { OpenTarget, SubjectRead, SubjectTarget, TargetBase } from './subject-targets.ts';
import { subjectTargets } from './subject-targets.ts';

/**
 * Where a data subject is (GDPR Art. 15, 17): every object with a subject-key column,
 * asked by its engine with one aggregate per object (`subject-sql.ts`). A row found by one
 * identifier yields the subject's other identifiers in it (an e-mail address → the
 * customer id), and the search repeats for those until nothing new is learned — so an
 * order table keyed only by customer id is found by e-mail. Linked identifiers are
 * bounded (`maxLinked` per kind) and so are the rounds (`maxHops`); reaching a bound is a
 * warning, never a silent cut.
 */

export interface LocateSubjectRequest {
  readonly meshRoot: string;
  readonly model: MeshModel;
  readonly subject: SubjectIdentifier;
  /** Credentials of database servers (`MESHWORK_<SERVER>_URL`, …). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Rounds of following linked identifiers after the first search (default 4). */
  readonly maxHops?: number;
  /** Identifiers of one kind followed at most (default 100). */
  readonly maxLinked?: number;
  /**
   * Also fetch the subject's rows of each match, at most this many per object (for the
   * Art. 15 export; a bound reached is a warning). Absent: counts only, no row is read.
   */
  readonly collectRows?: number;
}

/** One object searched, and how many of the subject's rows it holds. */
export interface SubjectMatch extends TargetBase {
  readonly rows: number;
  /** The identifier kinds through which rows matched (for a match), in key order. */
  readonly via: readonly string[];
  readonly read: SubjectRead;
  /** The subject's rows, with `collectRows` only. Personal data: never logged. */
  readonly data?: readonly Row[];
}

/** An object that may hold the subject and could not be searched, with why. */
export interface NotSearched {
  readonly product: string | null;
  readonly port: string | null;
  readonly contract: string;
  readonly contractPath: string;
  readonly source: string | null;
  readonly object: string;
  /** What was to be read: `the warehouse snapshot of port "…"`, `server "…" (postgresql), …`. */
  readonly where: string;
  readonly reason: string;
}

export interface SubjectLocation {
  /** The kind asked for; the value is not repeated. */
  readonly kind: string;
  /** Objects holding rows of the subject. */
  readonly matches: readonly SubjectMatch[];
  /** Every object asked, with rows (0 included). */
  readonly searched: readonly SubjectMatch[];
  /** Objects with subject keys of a kind known for the subject that could not be asked. */
  readonly notSearched: readonly NotSearched[];
  /**
   * Objects with subject keys only of kinds no identifier of the subject was found for
   * (nothing to ask them), by kind.
   */
  readonly notAsked: readonly (TargetBase & { readonly kinds: readonly string[] })[];
  /**
   * The subject's identifiers by kind, normalised: the one asked for and those linked to it.
   * Personal data: for erasure and export only, never printed, stored or logged.
   */
  readonly identifiers: IdentifierValues;
  /** Rounds run (1: the asked identifier only). */
  readonly rounds: number;
  /** Bounds reached (linked identifiers cut, rounds exhausted), and `linking.ambiguous`. */
  readonly warnings: readonly string[];
  /** How far the links reached, and whether they may have joined another person. */
  readonly linking: Linking;
  /** Nothing was left unsearched and no bound was reached. */
  readonly complete: boolean;
}

/** Where a linked identifier was read: an object, never a value. */
export interface LinkOrigin {
  readonly product: string | null;
  readonly port: string | null;
  readonly source: string | null;
  readonly contract: string;
  readonly object: string;
}

/**
 * Linked identifiers can join two people: a row where Mallory (customer 4) typed Bert's
 * e-mail links Bert's customer id to hers. A person asked for by one identifier of a kind
 * should end with one identifier of that kind; more means the links reached someone else
 * (or that the kind is one a person has many of, like an order id). Either way a person
 * must review it before anything is erased. The values are never shown, only counts and
 * the objects the extra values were read from.
 */
export interface Linking {
  /** Distinct identifiers per kind, the asked one included, by kind. */
  readonly counts: readonly { readonly kind: string; readonly identifiers: number }[];
  /** True when the asked kind ended with more than one value or a link bound was reached. */
  readonly ambiguous: boolean;
  /** Why it is ambiguous (no values). */
  readonly reasons: readonly string[];
  /** The objects the asked kind's further values were read from. */
  readonly extraFrom: readonly LinkOrigin[];
}

const DEFAULT_MAX_HOPS = 4;
const DEFAULT_MAX_LINKED = 100;
const MAX_IDENTIFIER_LENGTH = 320;

/** The objects whose rows link an identifier to another of the subject's. */
type Origins = Set<SubjectTarget>;

interface TargetState {
  signature?: string;
  opened?: OpenTarget;
  failed?: string;
  rows?: number;
  /** Whether the MAX_GROUPS bound cut this target's links. */
  groupsCut?: boolean;
  via?: string[];
  data?: readonly Row[];
}

export async function locateSubject(request: LocateSubjectRequest): Promise<SubjectLocation> {
  const maxHops = Math.max(0, request.maxHops ?? DEFAULT_MAX_HOPS);
  const maxLinked = Math.max(1, request.maxLinked ?? DEFAULT_MAX_LINKED);
  const identifiers = new Map<string, Set<string>>([
    [request.subject.kind, new Set([normaliseSubjectValue(request.subject.value)])],
  ]);
  const warnings: string[] = [];
  const cut = new Set<string>();
  const origins = new Map<string, Map<string, Origins>>();
  let hopsExhausted = false;
  const { targets, close } = await subjectTargets(request);
  const states = new Map<SubjectTarget, TargetState>(targets.map((t) => [t, {}]));
  let rounds = 0;
  try {
    for (let changed = true; changed;) {
      if (rounds > maxHops) {
        warnings.push(
          `linked identifiers were followed for ${maxHops} rounds; identifiers found in the last round were not searched for`,
        );
        hopsExhausted = true;
        break;
      }
      rounds++;
      changed = false;
      for (const target of targets) {
        const state = states.get(target)!;
        if (state.failed !== undefined) continue;
        const signature = signatureOf(target.keys, identifiers);
        if (signature === undefined || signature === state.signature) continue;
        state.signature = signature;
        const learned = await searchTarget(target, state, identifiers, {
          maxLinked,
          cut,
          warnings,
          origins,
        });
        changed ||= learned;
      }
    }
    if (request.collectRows !== undefined)
      for (const [target, state] of states)
        await collectRows(target, state, identifiers, Math.max(1, request.collectRows), warnings);
  } finally {
    await close();
  }
  const linking = linkingOf(request.subject.kind, identifiers, origins, {
    hopsExhausted,
    cut,
    groupsCut: [...states.values()].some((s) => s.groupsCut === true),
  });
  // The bounds said so already; a merged person is said here.
  if ((identifiers.get(request.subject.kind)?.size ?? 0) > 1) warnings.push(linking.reasons[0]!);
  return answer(request.subject.kind, targets, states, identifiers, rounds, warnings, linking);
}

function linkingOf(
  kind: string,
  identifiers: IdentifierValues,
  origins: ReadonlyMap<string, ReadonlyMap<string, Origins>>,
  bounds: {
    readonly hopsExhausted: boolean;
    readonly cut: ReadonlySet<string>;
    readonly groupsCut: boolean;
  },
): Linking {
  const counts = [...identifiers]
    .map(([k, values]) => ({ kind: k, identifiers: values.size }))
    .sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  const asked = identifiers.get(kind)?.size ?? 0;
  const reasons: string[] = [];
  const extraFrom = new Map<string, LinkOrigin>();
  if (asked > 1) {
    reasons.push(
      `the linked identifiers lead to ${asked} different identifiers of the asked kind "${kind}" — the rows found may belong to more than one person (${counts.map((c) => `${c.kind}: ${c.identifiers}`).join(', ')})`,
    );
    for (const targets of origins.get(kind)?.values() ?? [])
      for (const t of targets) {
        const origin: LinkOrigin = {
          product: t.product,
          port: t.port,
          source: t.source,
          contract: t.contract,
          object: t.object,
        };
        extraFrom.set(JSON.stringify(origin), origin);
      }
  }
  if (bounds.hopsExhausted || bounds.cut.size > 0 || bounds.groupsCut)
    reasons.push(
      'a bound of the link-following was reached, so not every linked identifier was followed',
    );
  return {
    counts,
    ambiguous: reasons.length > 0,
    reasons,
    extraFrom: [...extraFrom.values()].sort((a, b) =>
      JSON.stringify(a) < JSON.stringify(b) ? -1 : 1,
    ),
  };
}

/** The identifiers a target would be asked with, as a comparable text; undefined: none. */
function signatureOf(
  keys: readonly SubjectKeyRef[],
  identifiers: IdentifierValues,
): string | undefined {
  const kinds = [...new Set(keys.map((k) => k.kind))].filter(
    (k) => (identifiers.get(k)?.size ?? 0) > 0,
  );
  if (kinds.length === 0) return undefined;
  return JSON.stringify(kinds.sort().map((k) => [k, [...identifiers.get(k)!].sort()]));
}

/** Groups of key values read in one pass at most; more falls back to a plain count. */
const MAX_GROUPS = 1000;

/** Counts the subject's rows in one target; true when it taught new identifiers. */
async function searchTarget(
  target: SubjectTarget,
  state: TargetState,
  identifiers: Map<string, Set<string>>,
  bounds: {
    readonly maxLinked: number;
    readonly cut: Set<string>;
    readonly warnings: string[];
    /** Per kind and linked value (not the asked one), the targets that link it. */
    readonly origins: Map<string, Map<string, Origins>>;
  },
): Promise<boolean> {
  const opened = state.opened ?? (await target.open());
  if ('reason' in opened) {
    state.failed = opened.reason;
    return false;
  }
  state.opened = opened;
  const { connection, relation } = opened;
  const dialect = connection.dialect;
  let groups: readonly Row[];
  try {
    groups = await connection.query(
      subjectGroupsSql(dialect, relation, target.keys, identifiers, MAX_GROUPS + 1)!,
    );
    if (groups.length > MAX_GROUPS) {
      const row =
        (
          await connection.query(countSubjectSql(dialect, relation, target.keys, identifiers)!)
        )[0] ?? {};
      state.rows = Number(row.rows ?? 0);
      state.via = [
        ...new Set(target.keys.filter((_, i) => Number(row[`k${i}`] ?? 0) > 0).map((k) => k.kind)),
      ];
      bounds.warnings.push(
        `${target.where} of contract ${target.contract} holds more than ${MAX_GROUPS} combinations of identifiers of the subject; only ${MAX_GROUPS} were followed`,
      );
      groups = groups.slice(0, MAX_GROUPS);
      state.groupsCut = true;
    } else {
      state.rows = groups.reduce((sum, group) => sum + Number(group.n ?? 0), 0);
      state.via = [
        ...new Set(
          target.keys
            .filter((key, i) =>
              groups.some(
                (group) =>
                  identifiers.get(key.kind)?.has(identifierText(group[`v${i}`]) ?? '') === true,
              ),
            )
            .map((key) => key.kind),
        ),
      ];
    }
  } catch (error) {
    state.failed = `the query failed: ${scrub(error, identifiers)}`;
    return false;
  }
  let learned = false;
  target.keys.forEach((key, i) => {
    if (bounds.cut.has(key.kind)) return;
    const known = identifiers.get(key.kind) ?? new Set<string>();
    for (const group of groups) {
      const value = identifierText(group[`v${i}`]);
      if (value === undefined) continue;
      if (known.has(value)) {
        // A row that holds the value beside another identifier of the subject links it
        // too; a row found only by the value itself (an order of that customer id) does not.
        const linkedBy = target.keys.some(
          (other, j) =>
            j !== i &&
            identifiers.get(other.kind)?.has(identifierText(group[`v${j}`]) ?? '') === true,
        );
        if (linkedBy) bounds.origins.get(key.kind)?.get(value)?.add(target);
        continue;
      }
      if (known.size >= bounds.maxLinked) {
        bounds.cut.add(key.kind);
        bounds.warnings.push(
          `more than ${bounds.maxLinked} identifiers of kind "${key.kind}" are linked to the subject; only ${bounds.maxLinked} were searched for`,
        );
        return;
      }
      known.add(value);
      identifiers.set(key.kind, known);
      const byValue = bounds.origins.get(key.kind) ?? new Map<string, Origins>();
      byValue.set(value, new Set([target]));
      bounds.origins.set(key.kind, byValue);
      learned = true;
    }
  });
  return learned;
}

/** A normalised key value as an identifier; undefined for NULL, empty or overlong. */
function identifierText(value: Row[string] | undefined): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value);
  return text === '' || text.length > MAX_IDENTIFIER_LENGTH ? undefined : text;
}

/** The subject's rows of a match, bounded; the final identifiers decide which rows. */
async function collectRows(
  target: SubjectTarget,
  state: TargetState,
  identifiers: IdentifierValues,
  limit: number,
  warnings: string[],
): Promise<void> {
  if (state.failed !== undefined || !state.opened || !state.rows) return;
  const { connection, relation } = state.opened;
  try {
    const rows = await connection.query(
      subjectRowsSql(connection.dialect, relation, target.keys, identifiers, limit + 1)!,
    );
    if (rows.length > limit)
      warnings.push(
        `${target.where} of contract ${target.contract} holds more than ${limit} rows of the subject; the export has the first ${limit}`,
      );
    state.data = rows.slice(0, limit);
  } catch (error) {
    state.failed = `its rows could not be read: ${scrub(error, identifiers)}`;
  }
}

/**
 * A driver's message without the subject: some engines quote the statement, and with it
 * the identifiers, in their errors.
 */
function scrub(error: unknown, identifiers: IdentifierValues): string {
  let message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  for (const values of identifiers.values())
    for (const value of values) message = message.split(value).join('***');
  return message.length > 300 ? `${message.slice(0, 300)}…` : message;
}

function answer(
  kind: string,
  targets: readonly SubjectTarget[],
  states: ReadonlyMap<SubjectTarget, TargetState>,
  identifiers: IdentifierValues,
  rounds: number,
  warnings: readonly string[],
  linking: Linking,
): SubjectLocation {
  const searched: SubjectMatch[] = [];
  const notSearched: NotSearched[] = [];
  const notAsked: (TargetBase & { kinds: string[] })[] = [];
  for (const target of targets) {
    const state = states.get(target)!;
    const base: TargetBase = {
      product: target.product,
      port: target.port,
      contract: target.contract,
      contractPath: target.contractPath,
      source: target.source,
      object: target.object,
      keys: target.keys,
    };
    if (state.failed !== undefined) {
      const { keys: _keys, ...rest } = base;
      notSearched.push({ ...rest, where: target.where, reason: state.failed });
    } else if (state.rows !== undefined && state.opened) {
      searched.push({
        ...base,
        rows: state.rows,
        via: state.via ?? [],
        read: state.opened.read,
        ...(state.data ? { data: state.data } : {}),
      });
    } else {
      notAsked.push({ ...base, kinds: [...new Set(target.keys.map((k) => k.kind))] });
    }
  }
  return {
    kind,
    matches: searched.filter((m) => m.rows > 0),
    searched,
    notSearched,
    notAsked,
    identifiers,
    rounds,
    warnings,
    linking,
    complete: notSearched.length === 0 && warnings.length === 0,
  };
}
