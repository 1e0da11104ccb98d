import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { validateOdpsStructure } from '../../src/core/standards/odps/index.ts';
import { parseSourceDocument } from '../../src/core/yaml/source-document.ts';
import { compileOfficialSchema, createRng } from '../support/official-schemas.ts';
import type { Rng } from '../support/official-schemas.ts';
import {
  displayName,
  requireStandards,
  standardFiles,
  standardsMissing,
} from '../support/standards.ts';

/*
 * Differential test: our Zod model of ODPS v1.0.0 must reach the same verdict (valid or
 * not) as the official JSON Schema run the way upstream runs it (ajv, draft 2019-09,
 * ajv-formats), over deterministic mutants of the official examples.
 */

requireStandards();

const MUTANTS_PER_EXAMPLE = 200;
const SEED = 0x0d95_2024;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Container = Json[] | { [key: string]: Json };

const URIS = [
  'https://example.com',
  'HTTPS://EXAMPLE.COM/Docs',
  'mailto:data-support@retailcorp.com',
  'urn:isbn:0451450523',
  'file:///etc/hosts',
  'ftp://user:pw@host:21/p;a=b?q=1#f',
  'http://[::1]:8080/x',
  'http://[::ffff:1.2.3.4]/',
  'http://[v1.fe]/',
  'http://[1:2:3:4:5:6:7:8:9]/',
  'http://256.1.1.1/',
  'https://example.com/%41',
  'https://example.com/%zz',
  'https://example.com/?q=[1]',
  'https://example.com/#a#b',
  'https://ex ample.com',
  'https://例え.jp',
  'https://example.com/\\x',
  'https://host:port/',
  'example.com',
  '/relative/path',
  'mailto:',
  'urn:',
  'a:b',
  's:/[::1]',
  '1http://x',
  '',
];
const DATES = [
  '2024-02-29',
  '2000-02-29',
  '2023-02-29',
  '1900-02-29',
  '2024-04-31',
  '2024-12-31',
  '2024-13-01',
  '2024-00-10',
  '2024-1-01',
  '24-01-01',
  '２０２４-01-01',
];
const DATE_TIMES = [
  '2024-05-01T12:00:00Z',
  '2024-05-01t12:00:00z',
  '2024-05-01 12:00:00+01:00',
  '2024-05-01T12:00:00+0100',
  '2024-05-01T12:00:00+01',
  '2024-05-01T12:00:00.123456Z',
  '2024-05-01T23:59:60Z',
  '2024-05-01T23:59:60+01:00',
  '2024-05-01T00:59:60+01:00',
  '2024-05-01T22:59:60-01:00',
  '2024-05-01T12:59:60Z',
  '2024-05-01T12:00:00',
  '2024-05-01T12:00Z',
  '2024-05-01T24:00:00Z',
  '2024-02-30T00:00:00Z',
  '2024-05-01T12:00:00+24:00',
  '2024-05-01\u00a012:00:00Z',
  '2024-05-01TT12:00:00Z',
];
const FORMAT_KEYS = ['url', 'invitationUrl', 'dateIn', 'dateOut', 'productCreatedTs'];
const KEYS = [
  ...FORMAT_KEYS,
  'name',
  'version',
  'description',
  'contractId',
  'tags',
  'customProperties',
  'authoritativeDefinitions',
  'property',
  'value',
  'type',
  'content',
  'members',
  'username',
  'sbom',
  'inputContracts',
  'server',
  'owner',
  'Name',
  'x-meshwork',
];
const VALUES: readonly Json[] = [
  null,
  true,
  0,
  1.5,
  -3,
  '',
  'text',
  'v1.0.0',
  'v0.9.0',
  'DataProduct',
  [],
  ['a', 'b'],
  [1],
  {},
  { property: 'p', value: 1 },
  { type: 'wiki', url: 'https://example.com/wiki' },
  { name: 'port', version: '1.0.0', contractId: 'c' },
];

interface Slot {
  readonly parent: Container;
  readonly key: string | number;
}

/** Every place in the document that holds a value, the root excluded. */
function slots(node: Json, out: Slot[] = []): Slot[] {
  if (Array.isArray(node)) {
    node.forEach((child, index) => {
      out.push({ parent: node, key: index });
      slots(child, out);
    });
  } else if (node !== null && typeof node === 'object') {
    for (const [key, child] of Object.entries(node)) {
      out.push({ parent: node, key });
      slots(child, out);
    }
  }
  return out;
}

function containers(node: Json): Container[] {
  const all: Json[] = [node, ...slots(node).map((s) => get(s))];
  return all.filter((n): n is Container => n !== null && typeof n === 'object');
}

const get = (s: Slot): Json => (s.parent as Record<string | number, Json>)[s.key]!;
const set = (s: Slot, value: Json): void => {
  (s.parent as Record<string | number, Json>)[s.key] = value;
};
const clone = (value: Json): Json => structuredClone(value);

/** Mostly a string meant for the key's format, sometimes one meant for another. */
function formatValue(rng: Rng, key: string): string {
  const own =
    key.endsWith('Url') || key === 'url' ? URIS : key.startsWith('date') ? DATES : DATE_TIMES;
  return rng.pick(rng.next() < 0.8 ? own : rng.pick([URIS, DATES, DATE_TIMES]));
}

const MUTATIONS: readonly ((doc: Json, rng: Rng) => Json)[] = [
  function deleteKey(doc, rng) {
    const objects = containers(doc).filter((c) => !Array.isArray(c) && Object.keys(c).length > 0);
    if (objects.length === 0) return doc;
    const target = rng.pick(objects) as Record<string, Json>;
    delete target[rng.pick(Object.keys(target))];
    return doc;
  },
  function addKey(doc, rng) {
    const objects = containers(doc).filter((c) => !Array.isArray(c));
    if (objects.length === 0) return doc;
    const target = rng.pick(objects) as Record<string, Json>;
    const key = rng.pick(KEYS);
    target[key] =
      FORMAT_KEYS.includes(key) && rng.next() < 0.7
        ? formatValue(rng, key)
        : clone(rng.pick(VALUES));
    return doc;
  },
  function replaceValue(doc, rng) {
    if (rng.next() < 0.02) return clone(rng.pick(VALUES));
    const all = slots(doc);
    if (all.length > 0) set(rng.pick(all), clone(rng.pick(VALUES)));
    return doc;
  },
  function changeFormattedString(doc, rng) {
    const formatted = slots(doc).filter(
      (s) => typeof s.key === 'string' && FORMAT_KEYS.includes(s.key),
    );
    if (formatted.length === 0) return doc;
    const slot = rng.pick(formatted);
    set(slot, formatValue(rng, String(slot.key)));
    return doc;
  },
  function changeEnum(doc, rng) {
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return doc;
    const key = rng.pick(['apiVersion', 'kind']);
    doc[key] = rng.pick([
      'v1.0.0',
      'v0.9.0',
      'v1.0',
      'V1.0.0',
      'DataProduct',
      'dataproduct',
      'DataContract',
    ]);
    return doc;
  },
  function stringToNumber(doc, rng) {
    const strings = slots(doc).filter((s) => typeof get(s) === 'string');
    if (strings.length > 0) set(rng.pick(strings), rng.pick([1, 1.1, 0]));
    return doc;
  },
  function changeList(doc, rng) {
    const lists = containers(doc).filter((c): c is Json[] => Array.isArray(c) && c.length > 0);
    if (lists.length === 0) return doc;
    const list = rng.pick(lists);
    const choice = rng.int(3);
    if (choice === 0) list.splice(rng.int(list.length), 1);
    else if (choice === 1) list.push(clone(rng.pick(list)));
    else list.length = 0;
    return doc;
  },
];

function mutate(example: Json, rng: Rng): Json {
  let doc = clone(example);
  const count = 1 + rng.int(2);
  for (let i = 0; i < count; i++) doc = rng.pick(MUTATIONS)(doc, rng);
  return doc;
}

describe('ODPS model against the official JSON Schema', { skip: standardsMissing }, () => {
  const examples = standardFiles('odps/examples', '.odps.yaml');

  for (const file of examples) {
    it(`agrees with ajv on ${MUTANTS_PER_EXAMPLE} mutants of ${displayName(file)}`, () => {
      const official = compileOfficialSchema('odps/schema/odps-json-schema-v1.0.0.json');
      const example = parseSourceDocument(file, readFileSync(file, 'utf8')).data as Json;
      const rng = createRng(SEED ^ displayName(file).length);

      const disagreements: { mutant: Json; ours: string[]; ajv: unknown }[] = [];
      let accepted = 0;
      for (let n = 0; n < MUTANTS_PER_EXAMPLE; n++) {
        const mutant = mutate(example, rng);
        const ajvValid = official(mutant);
        const ours = validateOdpsStructure(mutant);
        if (ajvValid) accepted++;
        if (ajvValid !== (ours.length === 0)) {
          disagreements.push({ mutant, ours: ours.map((i) => i.message), ajv: official.errors });
        }
      }
      assert.deepEqual(disagreements, []);
      // Both verdicts must be well represented, or the comparison proves little.
      assert.ok(accepted >= MUTANTS_PER_EXAMPLE * 0.15, `only ${accepted} mutants were valid`);
      assert.ok(accepted <= MUTANTS_PER_EXAMPLE * 0.85, `${accepted} mutants were valid`);
    });
  }
});
