import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { addProfile } from '../../src/app/import/profile/index.ts';
import type { TableProfile } from '../../src/core/import/profile.ts';
import { MeshworkError } from '../../src/app/errors.ts';

const CONTRACT = `# Imported by meshwork import: a comment that must stay.
apiVersion: v3.1.0
kind: DataContract
id: crm-people-v1
name: people
version: 1.0.0
status: draft
schema:
  - name: people
    physicalName: people
    properties:
      - name: id
        logicalType: integer
        required: true
        primaryKey: true
      - name: Mail
        physicalName: mail_address
        logicalType: string
        customProperties:
          - property: ownNote # hand-written, kept
            value: keep me
      - name: kind
        logicalType: string
        quality:
          - metric: nullValues
            mustBe: 0
`;

function profile(overrides: Partial<TableProfile> = {}): TableProfile {
  return {
    table: 'people',
    rows: 10,
    profiledAt: '2026-12-05T10:00:00.000Z',
    columns: [
      { column: 'id', nullShare: 0, distinct: 10, distinctExact: true, min: '1', max: '10' },
      {
        column: 'mail_address',
        nullShare: 0,
        distinct: 10,
        distinctExact: true,
        // A profile that (wrongly) carries values of a personal column: addProfile is the second wall.
        min: 'leak-min@example.org',
        max: 'leak-max@example.org',
        values: ['leak-value@example.org'],
        pattern: '^leak[.]pattern$',
        personalData: { category: 'email', confidence: 0.98 },
      },
      {
        column: 'kind',
        nullShare: 0.2,
        distinct: 2,
        distinctExact: true,
        values: ['a', 'b'],
        minLength: 1,
        maxLength: 1,
      },
    ],
    ...overrides,
  };
}

type Entry = { property: string; value: unknown };
type Doc = {
  schema: {
    customProperties?: Entry[];
    properties: { name: string; quality?: unknown[]; customProperties?: Entry[] }[];
  }[];
};

const entry = (holder: { customProperties?: Entry[] } | undefined, name: string): unknown =>
  holder?.customProperties?.find((e) => e.property === name)?.value;

describe('addProfile', () => {
  test('facts and suggestions go into customProperties; quality stays as written', () => {
    const doc = parse(addProfile(CONTRACT, [profile()])) as Doc;
    const object = doc.schema[0];
    assert.deepEqual(entry(object, 'meshworkProfile'), {
      rows: 10,
      profiledAt: '2026-12-05T10:00:00.000Z',
    });
    const kind = object?.properties.find((p) => p.name === 'kind');
    assert.deepEqual(kind?.quality, [{ metric: 'nullValues', mustBe: 0 }]);
    assert.deepEqual(entry(kind, 'meshworkProfile'), {
      nullShare: 0.2,
      distinct: 2,
      minLength: 1,
      maxLength: 1,
      values: ['a', 'b'],
    });
    const suggested = entry(kind, 'meshworkSuggestedQuality') as Record<string, unknown>[];
    assert.deepEqual(
      suggested.map((q) => [q.metric, q.arguments]),
      [['invalidValues', { validValues: ['a', 'b'] }]],
    );
    const id = object?.properties.find((p) => p.name === 'id');
    assert.equal(
      entry(id, 'meshworkSuggestedQuality'),
      undefined,
      'a primary key needs no suggested nullValues/duplicateValues rule',
    );
  });

  test('a personal column gets its category and never a value, range or pattern', () => {
    const text = addProfile(CONTRACT, [profile()]);
    assert.equal(text.includes('leak'), false, text);
    const doc = parse(text) as Doc;
    const mail = doc.schema[0]?.properties.find((p) => p.name === 'Mail');
    assert.deepEqual(entry(mail, 'meshworkSuggestedPersonalData'), {
      category: 'email',
      confidence: 0.98,
    });
    assert.equal(entry(mail, 'ownNote'), 'keep me');
  });

  test('comments are kept, and a second run replaces its entries instead of adding to them', () => {
    const once = addProfile(CONTRACT, [profile()]);
    assert.ok(once.startsWith('# Imported by meshwork import: a comment that must stay.'));
    assert.ok(once.includes('# hand-written, kept'));
    const again = addProfile(once, [profile({ rows: 12 })]);
    const doc = parse(again) as Doc;
    const object = doc.schema[0];
    assert.equal(
      object?.customProperties?.filter((e) => e.property === 'meshworkProfile').length,
      1,
    );
    assert.deepEqual(entry(object, 'meshworkProfile'), {
      rows: 12,
      profiledAt: '2026-12-05T10:00:00.000Z',
    });
    assert.equal(addProfile(again, [profile({ rows: 12 })]), again, 'idempotent');
  });

  test('a suggestion that no longer holds is removed on the next run', () => {
    const once = addProfile(CONTRACT, [profile()]);
    const withoutValues = profile();
    const changed = {
      ...withoutValues,
      columns: withoutValues.columns.map((c) =>
        c.column === 'kind'
          ? { column: 'kind', nullShare: 0.2, distinct: 300, distinctExact: true }
          : c,
      ),
    };
    const doc = parse(addProfile(once, [changed])) as Doc;
    const kind = doc.schema[0]?.properties.find((p) => p.name === 'kind');
    assert.equal(entry(kind, 'meshworkSuggestedQuality'), undefined);
  });

  test('a contract as data comes back as data; an object without a profile is untouched', () => {
    const data = parse(CONTRACT) as Record<string, unknown>;
    const out = addProfile(data, [profile({ table: 'other' })]);
    assert.deepEqual(out, data);
    const profiled = addProfile(data, [profile()]) as unknown as Doc;
    assert.ok(entry(profiled.schema[0], 'meshworkProfile'));
    assert.equal(
      entry((data as unknown as Doc).schema[0], 'meshworkProfile'),
      undefined,
      'input not changed',
    );
  });

  test('text that is not YAML is refused with a MeshworkError', () => {
    assert.throws(() => addProfile('schema: [\n  - {', [profile()]), MeshworkError);
  });
  test('hostile values are data in the YAML, never structure', () => {
    const hostile = [
      'a: b',
      '- c',
      '#x',
      "'q'",
      '"d"',
      'line\nbreak',
      '{e: 1}',
      '&anchor',
      '*alias',
    ];
    const base = profile();
    const text = addProfile(CONTRACT, [
      {
        ...base,
        columns: base.columns.map((c) => (c.column === 'kind' ? { ...c, values: hostile } : c)),
      },
    ]);
    const doc = parse(text) as Doc;
    const kind = doc.schema[0]?.properties.find((p) => p.name === 'kind');
    assert.deepEqual((entry(kind, 'meshworkProfile') as { values: string[] }).values, hostile);
    assert.equal(doc.schema[0]?.properties.length, 3);
  });

  test('under 10 rows no values or range are written, and a pattern that spells data never', () => {
    const base = profile();
    const withFew = (rows: number): TableProfile => ({
      ...base,
      rows,
      columns: base.columns.map((c) =>
        c.column === 'kind'
          ? {
              ...c,
              values: ['Depression', 'Diabetes', 'HIV'],
              pattern: '^lives at Hauptstr[.] [0-9]{1}$',
            }
          : c.column === 'id'
            ? { ...c, min: '51000', max: '59000' }
            : c,
      ),
    });
    const few = addProfile(CONTRACT, [withFew(9)]);
    for (const leak of ['51000', '59000', 'Depression', 'Diabetes', 'HIV', 'Hauptstr'])
      assert.ok(!few.includes(leak), `${leak} is written for 9 rows`);
    const enough = addProfile(CONTRACT, [withFew(10)]);
    for (const shown of ['51000', '59000', 'Depression', 'HIV'])
      assert.ok(enough.includes(shown), `${shown} is written for 10 rows`);
    assert.ok(!enough.includes('Hauptstr'), 'a pattern of copied text is never written');
  });
});
