import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  findPurpose,
  MAX_PURPOSES,
  parseLegalBasis,
  parsePurposes,
  purposesOf,
  purposesOfMesh,
} from '../../src/core/access/purposes.ts';
import { parseSourceDocument } from '../../src/core/yaml/source-document.ts';

const codes = (organisation: unknown): string[] =>
  parsePurposes(organisation).issues.map((i) => i.code);

describe('purpose catalogue (meshwork.yaml purposes:)', () => {
  it('reads purposes in German and English, one text for both, and the legal basis', () => {
    const { purposes, issues } = parsePurposes({
      purposes: [
        {
          id: 'reporting',
          title: { de: 'Controlling', en: 'Reporting' },
          description: { de: 'Monatsberichte', en: 'Monthly reports' },
          legalBasis: 'f',
        },
        { id: 'newsletter', title: 'Newsletter', legalBasis: 'art-6-1-a' },
        {
          id: 'contract-fulfilment',
          title: { en: 'Contract fulfilment' },
          legalBasis: 'Art. 6 Abs. 1 lit. b DSGVO',
          personalDataInClear: true,
        },
      ],
    });
    assert.deepEqual(issues, []);
    assert.deepEqual(purposes, [
      {
        id: 'reporting',
        title: { de: 'Controlling', en: 'Reporting' },
        description: { de: 'Monatsberichte', en: 'Monthly reports' },
        legalBasis: 'f',
        personalDataInClear: false,
      },
      {
        id: 'newsletter',
        title: { de: 'Newsletter', en: 'Newsletter' },
        description: {},
        legalBasis: 'a',
        personalDataInClear: false,
      },
      {
        id: 'contract-fulfilment',
        title: { en: 'Contract fulfilment' },
        description: {},
        legalBasis: 'b',
        personalDataInClear: true,
      },
    ]);
    assert.equal(findPurpose(purposes, 'newsletter')?.legalBasis, 'a');
    assert.equal(findPurpose(purposes, 'nope'), null);
  });

  it('accepts the letter, the article and the German citation of Art. 6(1) — nothing else', () => {
    const accepted: [string, string][] = [
      ['a', 'a'],
      ['F', 'f'],
      ['art-6-1-c', 'c'],
      ['Art. 6(1)(d)', 'd'],
      ['Art. 6 (1) e GDPR', 'e'],
      ['Art. 6 Abs. 1 lit. f DSGVO', 'f'],
      ['art6-1-b', 'b'],
    ];
    for (const [text, letter] of accepted) assert.equal(parseLegalBasis(text), letter, text);
    for (const text of [
      'g',
      'art-9-2-a',
      'art-6-2-a',
      'consent',
      'ab',
      '',
      'art-6-1-',
      'x'.repeat(500),
    ])
      assert.equal(parseLegalBasis(text), null, text);
    for (const value of [1, true, null, undefined, ['a'], { letter: 'a' }])
      assert.equal(parseLegalBasis(value), null, JSON.stringify(value));
  });

  it('reports a missing id, a duplicate id, a missing title and an unknown legal basis', () => {
    const { purposes, issues } = parsePurposes({
      purposes: [
        { id: 'reporting', title: 'Controlling', legalBasis: 'f' },
        { title: 'Ohne Kennung', legalBasis: 'b' },
        { id: 'reporting', title: 'Noch einmal', legalBasis: 'f' },
        { id: 'newsletter', legalBasis: 'a' },
        { id: 'marketing', title: 'Werbung', legalBasis: 'g' },
        { id: 'analysis', title: 'Analyse' },
      ],
    });
    assert.deepEqual(
      issues.map((i) => [i.code, i.severity, i.path]),
      [
        ['missing-purpose-id', 'error', ['purposes', 1]],
        ['duplicate-purpose-id', 'error', ['purposes', 2, 'id']],
        ['missing-purpose-title', 'error', ['purposes', 3]],
        ['unknown-legal-basis', 'error', ['purposes', 4, 'legalBasis']],
        ['missing-legal-basis', 'warning', ['purposes', 5]],
      ],
    );
    for (const i of issues) {
      assert.ok(i.message.length > 0 && i.hint.length > 0, i.code);
    }
    assert.match(issues[1]?.message ?? '', /"reporting" is already used by purpose #1/);
    assert.match(issues[3]?.message ?? '', /"g"/);
    // Only error-free purposes can be requested: the first, and the one with a warning.
    assert.deepEqual(
      purposes.map((p) => [p.id, p.legalBasis]),
      [
        ['reporting', 'f'],
        ['analysis', null],
      ],
    );
  });

  it('reports shapes it cannot read instead of guessing, and never throws', () => {
    assert.deepEqual(codes({}), []);
    assert.deepEqual(codes({ purposes: null }), []);
    assert.deepEqual(codes(null), []);
    assert.deepEqual(codes('text'), []);
    assert.deepEqual(codes({ purposes: 'reporting' }), ['purposes-not-a-list']);
    assert.deepEqual(codes({ purposes: { id: 'x' } }), ['purposes-not-a-list']);
    assert.deepEqual(codes({ purposes: ['reporting', 7, null] }), [
      'purpose-not-an-object',
      'purpose-not-an-object',
      'purpose-not-an-object',
    ]);
    assert.deepEqual(codes({ purposes: [{ id: 'Reporting!', title: 't', legalBasis: 'f' }] }), [
      'invalid-purpose-id',
    ]);
    assert.deepEqual(codes({ purposes: [{ id: 42, title: 't', legalBasis: 'f' }] }), [
      'invalid-purpose-id',
    ]);
    assert.deepEqual(codes({ purposes: [{ id: 'a'.repeat(65), title: 't', legalBasis: 'f' }] }), [
      'invalid-purpose-id',
    ]);
    assert.deepEqual(
      codes({ purposes: [{ id: 'r', title: { de: 'x', fr: 'y' }, legalBasis: 'f' }] }),
      ['invalid-purpose-text'],
      'only de and en',
    );
    assert.deepEqual(codes({ purposes: [{ id: 'r', title: 'x'.repeat(201), legalBasis: 'f' }] }), [
      'invalid-purpose-text',
    ]);
    assert.deepEqual(codes({ purposes: [{ id: 'r', title: { de: 5 }, legalBasis: 'f' }] }), [
      'invalid-purpose-text',
    ]);
    assert.deepEqual(codes({ purposes: [{ id: 'r', title: { de: '  ' }, legalBasis: 'f' }] }), [
      'missing-purpose-title',
    ]);
    assert.deepEqual(
      codes({ purposes: [{ id: 'r', title: 't', description: ['x'], legalBasis: 'f' }] }),
      ['invalid-purpose-text'],
    );
    assert.deepEqual(
      codes({ purposes: [{ id: 'r', title: 't', legalBasis: 'f', personalDataInClear: 'yes' }] }),
      ['invalid-personal-data-in-clear'],
    );
    const typo = parsePurposes({
      purposes: [{ id: 'r', title: 't', legalBasis: 'f', personalDataInClaer: true }],
    });
    assert.deepEqual(
      typo.issues.map((i) => [i.code, i.atKey, i.hint]),
      [['unknown-purpose-field', true, 'Did you mean "personalDataInClear"?']],
    );
    assert.deepEqual(typo.purposes, [], 'a misspelt key is an error, not silently ignored');
  });

  it(`reads at most ${MAX_PURPOSES} purposes and says so`, () => {
    const many = Array.from({ length: MAX_PURPOSES + 50 }, (_, i) => ({
      id: `p-${i}`,
      title: `P ${i}`,
      legalBasis: 'f',
    }));
    const { purposes, issues } = parsePurposes({ purposes: many });
    assert.deepEqual(
      issues.map((i) => i.code),
      ['too-many-purposes'],
    );
    assert.equal(purposes.length, MAX_PURPOSES);
  });

  it('places findings at file, line and column of meshwork.yaml', () => {
    const source = parseSourceDocument(
      'meshwork.yaml',
      [
        'apiVersion: meshwork/v1',
        'purposes:',
        '  - id: reporting',
        '    title: Controlling',
        '    legalBasis: f',
        '  - id: marketing',
        '    title: Werbung',
        '    legalBasis: z',
        '',
      ].join('\n'),
    );
    const { purposes, findings } = purposesOf(source);
    assert.deepEqual(
      purposes.map((p) => p.id),
      ['reporting'],
    );
    assert.deepEqual(
      findings.map((f) => [f.file, f.line, f.column, f.code, f.path]),
      [['meshwork.yaml', 8, 17, 'unknown-legal-basis', '$.purposes[1].legalBasis']],
    );
    assert.deepEqual(
      purposesOfMesh({
        organisation: {
          path: 'meshwork.yaml',
          role: { kind: 'organisation' },
          source,
        },
      }).map((p) => p.id),
      ['reporting'],
    );
    assert.deepEqual(purposesOfMesh({ organisation: undefined }), []);
  });
});
