import { stat } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node as YamlNode, YAMLMap, YAMLSeq } from 'yaml';
import { asList, asObject, customProperty } from '../../../core/json/loose.ts';
import type { JsonObject } from '../../../core/json/loose.ts';
import type { ScanColumnResult } from '../../../core/privacy/scan/model.ts';
import { ACCEPT_CONFIDENCE } from '../../../core/privacy/scan/thresholds.ts';
import { validateOdcsStructure } from '../../../core/standards/odcs/index.ts';
import { parseSourceDocument } from '../../../core/yaml/source-document.ts';
import { MeshworkError } from '../../errors.ts';
import { writeFileAtomically } from '../../write-atomically.ts';
import { readScanContract } from './scan-contract-file.ts';

/**
 * `meshwork scan CONTRACT --apply`: writes the accepted suggestions into the contract, per
 * the personal-data rule (core/privacy/personal-data.ts): the property's `tags` gain `pii`,
 * `classification` becomes `restricted` where none is set (a set one is never changed, so
 * never lowered), and the custom property `meshworkPersonalDataCategory` names the category.
 *
 * The file keeps its comments and formatting: yaml's Document API finds each node and its
 * source range, and the new keys are spliced into the text at those places — nothing else
 * is written again (re-serialising the whole document would re-fold text blocks and
 * re-space flow lists). Before the file is replaced, the result is parsed again and must
 * equal the intended data exactly and still validate as ODCS.
 */

export const CATEGORY_PROPERTY = 'meshworkPersonalDataCategory';
export const PII_TAG = 'pii';
export const APPLIED_CLASSIFICATION = 'restricted';
/** Suggestions at least this confident are written by default (`--min-confidence`). */
export const DEFAULT_MIN_CONFIDENCE = ACCEPT_CONFIDENCE;

export interface AppliedSuggestion {
  readonly object: string;
  readonly property: string;
  readonly category: string;
  /** What was written: `tags += pii`, `classification: restricted`, `meshworkPersonalDataCategory: email`. */
  readonly changes: readonly string[];
}

export interface KeptSuggestion {
  readonly object: string;
  readonly property: string;
  readonly category: string;
  /** Why nothing (or not everything) was written. */
  readonly reason: string;
}

export interface ApplyOutcome {
  readonly file: string;
  /** False when there was nothing to write: the file is untouched. */
  readonly written: boolean;
  readonly applied: readonly AppliedSuggestion[];
  readonly kept: readonly KeptSuggestion[];
}

interface Insertion {
  readonly at: number;
  readonly text: string;
}

export async function applySuggestions(
  file: string,
  columns: readonly ScanColumnResult[],
  minConfidence = DEFAULT_MIN_CONFIDENCE,
): Promise<ApplyOutcome> {
  const { text } = await readScanContract(file);
  const doc = parseDocument(text, { keepSourceTokens: false });
  const expected = structuredClone(doc.toJS()) as JsonObject;
  const insertions: Insertion[] = [];
  const applied: AppliedSuggestion[] = [];
  const kept: KeptSuggestion[] = [];

  for (const column of columns) {
    if (column.category === null) continue;
    const base = { object: column.object, property: column.property, category: column.category };
    if (column.confidence < minConfidence) {
      kept.push({
        ...base,
        reason: `confidence ${column.confidence.toFixed(2)} is below ${minConfidence}`,
      });
      continue;
    }
    const node = propertyNode(doc.contents, column.object, column.property);
    const data = propertyData(expected, column.object, column.property);
    if (!node || !data) {
      kept.push({
        ...base,
        reason: 'the contract has no such property (or it is not a block map)',
      });
      continue;
    }
    const declared = customProperty(data, CATEGORY_PROPERTY);
    if (declared !== null && declared !== column.category) {
      kept.push({ ...base, reason: `declared as ${JSON.stringify(declared)}; left as declared` });
      continue;
    }
    const edit = editProperty(text, node, data, column.category);
    if ('refused' in edit) {
      kept.push({ ...base, reason: edit.refused });
      continue;
    }
    if (edit.changes.length === 0) continue;
    insertions.push(...edit.insertions);
    applied.push({ ...base, changes: edit.changes });
  }

  if (insertions.length === 0) return { file, written: false, applied, kept };
  const next = splice(text, insertions);
  verify(file, next, expected);
  // The contract keeps its own permissions; the temporary name cannot be planted.
  await writeFileAtomically(file, next, (await stat(file)).mode & 0o777);
  return { file, written: true, applied, kept };
}

/** The property's block map in `schema[].properties[]`, by the object's and property's name. */
function propertyNode(root: unknown, object: string, property: string): YAMLMap | undefined {
  if (!isMap(root)) return undefined;
  const schema = root.get('schema', true);
  if (!isSeq(schema)) return undefined;
  const found = schema.items.find((o) => isMap(o) && o.get('name') === object);
  const properties = isMap(found) ? found.get('properties', true) : undefined;
  if (!isSeq(properties)) return undefined;
  const map = properties.items.find((p) => isMap(p) && p.get('name') === property);
  return isMap(map) && !map.flow ? map : undefined;
}

function propertyData(data: JsonObject, object: string, property: string): JsonObject | undefined {
  const found = asList(data.schema)
    .map(asObject)
    .find((o) => o?.name === object);
  return asList(found?.properties)
    .map(asObject)
    .find((p) => p?.name === property);
}

type PropertyEdit =
  | { readonly insertions: readonly Insertion[]; readonly changes: readonly string[] }
  | { readonly refused: string };

/**
 * The insertions that declare `category` on one property, and the same change made to
 * its plain data (`data`, part of the expected document the result is checked against).
 */
function editProperty(
  text: string,
  map: YAMLMap,
  data: JsonObject,
  category: string,
): PropertyEdit {
  const nameKey = map.items.find((pair) => isScalar(pair.key) && pair.key.value === 'name');
  const keyRange = (nameKey?.key as YamlNode | undefined)?.range;
  const valueRange = (nameKey?.value as YamlNode | undefined)?.range;
  if (!keyRange || !valueRange) return { refused: 'the property has no name to place keys beside' };
  const indent = ' '.repeat(columnOf(text, keyRange[0]));
  const afterName = lineEnd(text, valueRange[1]);
  const tags = map.get('tags', true);
  const custom = map.get('customProperties', true);
  // Refused before anything is changed: `data` is the expected document.
  if (tags !== undefined && !isSeq(tags)) return { refused: 'its tags are not a list' };
  if (custom !== undefined && !isSeq(custom))
    return { refused: 'its customProperties are not a list' };
  if (map.has('classification') && (data.classification ?? null) === null)
    return { refused: 'its classification is empty' };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const newKeys: string[] = [];
  const insertions: Insertion[] = [];
  const changes: string[] = [];

  const tagList = asList(data.tags);
  if (!tagList.some((t) => typeof t === 'string' && t.trim().toLowerCase() === PII_TAG)) {
    if (tags === undefined) {
      newKeys.push(`tags: [${PII_TAG}]`);
      data.tags = [PII_TAG];
    } else {
      insertions.push(appendToSeq(text, tags, PII_TAG, eol));
      data.tags = [...tagList, PII_TAG];
    }
    changes.push(`tags += ${PII_TAG}`);
  }

  if (!map.has('classification')) {
    newKeys.push(`classification: ${APPLIED_CLASSIFICATION}`);
    data.classification = APPLIED_CLASSIFICATION;
    changes.push(`classification: ${APPLIED_CLASSIFICATION}`);
  }

  if (customProperty(data, CATEGORY_PROPERTY) === null) {
    const entry = { property: CATEGORY_PROPERTY, value: category };
    if (custom === undefined) {
      newKeys.push(
        `customProperties:${eol}${indent}  - property: ${CATEGORY_PROPERTY}${eol}${indent}    value: ${category}`,
      );
      data.customProperties = [entry];
    } else {
      const list = custom as YAMLSeq;
      insertions.push(
        list.flow
          ? appendToSeq(text, list, `{ property: ${CATEGORY_PROPERTY}, value: ${category} }`, eol)
          : appendBlockItem(
              text,
              list,
              eol,
              `property: ${CATEGORY_PROPERTY}`,
              `value: ${category}`,
            ),
      );
      data.customProperties = [...asList(data.customProperties), entry];
    }
    changes.push(`${CATEGORY_PROPERTY}: ${category}`);
  }

  if (newKeys.length > 0)
    insertions.push({ at: afterName, text: newKeys.map((k) => `${eol}${indent}${k}`).join('') });
  return { insertions, changes };
}

/** A scalar item at the end of a flow (`[a, b]`) or block (`- a`) sequence. */
function appendToSeq(text: string, seq: YAMLSeq, item: string, eol: string): Insertion {
  const range = seq.range;
  if (!range) throw new MeshworkError('invalid-input', 'a list in the contract has no position.');
  if (!seq.flow) return appendBlockItem(text, seq, eol, item);
  const last = seq.items.at(-1) as YamlNode | undefined;
  if (last?.range) return { at: last.range[1], text: `, ${item}` };
  return { at: text.indexOf('[', range[0]) + 1, text: item };
}

/** A block sequence item (first line, then more lines of its map) after the last item. */
function appendBlockItem(
  text: string,
  seq: YAMLSeq,
  eol: string,
  first: string,
  ...more: string[]
): Insertion {
  const items = seq.items as YamlNode[];
  const firstItem = items[0]?.range;
  const lastItem = items.at(-1)?.range;
  if (!firstItem || !lastItem)
    throw new MeshworkError('invalid-input', 'an empty block list in the contract.');
  const dash = text.lastIndexOf('-', firstItem[0]);
  const indent = ' '.repeat(columnOf(text, dash));
  const lines = [`${eol}${indent}- ${first}`, ...more.map((line) => `${eol}${indent}  ${line}`)];
  return { at: lineEnd(text, lastItem[1]), text: lines.join('') };
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** The end of the line `offset` is on (before its line break), past a trailing comment. */
function lineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', Math.max(offset - 1, 0));
  return end < 0 ? text.length : end > 0 && text[end - 1] === '\r' ? end - 1 : end;
}

function splice(text: string, insertions: readonly Insertion[]): string {
  // From the end, so earlier offsets stay valid; a stable sort keeps keys at one place in order.
  const ordered = insertions
    .map((insertion, index) => ({ ...insertion, index }))
    .sort((a, b) => b.at - a.at || b.index - a.index);
  let result = text;
  for (const { at, text: added } of ordered)
    result = result.slice(0, at) + added + result.slice(at);
  return result;
}

/** The new text parses to exactly the intended data and is still a valid contract. */
function verify(file: string, next: string, expected: JsonObject): void {
  const source = parseSourceDocument(file, next);
  if (
    source.syntaxFindings.some((f) => f.severity === 'error') ||
    !isDeepStrictEqual(source.data, expected)
  ) {
    throw new MeshworkError(
      'invalid-input',
      `${file} was not changed: its layout could not be edited safely; add the suggestions by hand.`,
    );
  }
  const problems = validateOdcsStructure(source.data).filter((issue) => issue.severity === 'error');
  if (problems.length > 0) {
    throw new MeshworkError(
      'invalid-input',
      `${file} was not changed: with the suggestions it would not validate (${problems[0]!.message}).`,
    );
  }
}
