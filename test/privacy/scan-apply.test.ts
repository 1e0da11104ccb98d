import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { applySuggestions } from '../../src/app/privacy/scan/index.ts';
import { isDeclaredPersonal } from '../../src/core/privacy/personal-data.ts';
import type { ScanColumnResult } from '../../src/core/privacy/scan/model.ts';
import { validateOdcsStructure } from '../../src/core/standards/odcs/index.ts';

/** `meshwork scan --apply`: the suggestions go into the contract, and nothing else changes. */

const CONTRACT = `# The customers of the shop — keep this comment.
apiVersion: v3.1.0
kind: DataContract
id: customers
version: 1.0.0
status: active
tags: [crm,   sales]   # odd spacing stays
description:
  purpose: >-
    A folded text block that a re-serialising writer would fold again at its own width, which is
    why the file is edited in place instead.
servers:
  - server: files
    type: local
    path: ./{model}.csv
    format: csv
schema:
  - name: customers
    properties:
      - name: id   # the key
        logicalType: integer
      - name: email
        logicalType: string
        tags: [contact]
      - name: iban
        logicalType: string
        tags:
          - finance
        customProperties:
          - property: owner
            value: finance-team
      - name: born
        logicalType: date
        classification: internal   # set by the DPO; never lowered or changed
      - name: phone
        logicalType: string
        customProperties:
          - property: meshworkPersonalDataCategory
            value: person-name
      - name: nickname
        logicalType: string
`;

const verdict = (
  property: string,
  category: ScanColumnResult['category'],
  confidence: number,
): ScanColumnResult => ({
  object: 'customers',
  property,
  category,
  confidence,
  reasons: [],
});

const SUGGESTIONS = [
  verdict('id', null, 0),
  verdict('email', 'email', 0.97),
  verdict('iban', 'iban', 0.99),
  verdict('born', 'date-of-birth', 0.9),
  verdict('phone', 'phone', 0.95),
  verdict('nickname', 'person-name', 0.4),
];

/** The text with every inserted piece taken out again, for comparing with the original. */
function removeInsertions(original: string, changed: string): string {
  // Walk both texts: every original character must appear in order; what is left over was inserted.
  let i = 0;
  let kept = '';
  for (const char of changed) {
    if (i < original.length && char === original[i]) {
      kept += char;
      i++;
    }
  }
  return kept;
}

describe('scan --apply', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshwork-scan-apply-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('writes tags, classification and the category, keeping every comment and the layout', async () => {
    const file = join(dir, 'customers.odcs.yaml');
    await writeFile(file, CONTRACT);
    const outcome = await applySuggestions(file, SUGGESTIONS);
    const text = await readFile(file, 'utf8');
    assert.equal(outcome.written, true);
    // Only insertions: the original text is all there, in order, byte for byte.
    assert.equal(removeInsertions(CONTRACT, text), CONTRACT);
    assert.equal(
      text.slice(text.indexOf('      - name: email'), text.indexOf('      - name: phone')),
      `      - name: email
        classification: restricted
        customProperties:
          - property: meshworkPersonalDataCategory
            value: email
        logicalType: string
        tags: [contact, pii]
      - name: iban
        classification: restricted
        logicalType: string
        tags:
          - finance
          - pii
        customProperties:
          - property: owner
            value: finance-team
          - property: meshworkPersonalDataCategory
            value: iban
      - name: born
        tags: [pii]
        customProperties:
          - property: meshworkPersonalDataCategory
            value: date-of-birth
        logicalType: date
        classification: internal   # set by the DPO; never lowered or changed
`,
    );
    const data = parse(text) as { schema: { properties: Record<string, unknown>[] }[] };
    assert.deepEqual(
      validateOdcsStructure(data).filter((i) => i.severity === 'error'),
      [],
    );
    const props: Record<string, Record<string, unknown>> = Object.fromEntries(
      data.schema[0]!.properties.map((p) => [String(p.name), p]),
    );
    assert.deepEqual(props.email, {
      name: 'email',
      logicalType: 'string',
      tags: ['contact', 'pii'],
      classification: 'restricted',
      customProperties: [{ property: 'meshworkPersonalDataCategory', value: 'email' }],
    });
    assert.deepEqual(props.iban!.customProperties, [
      { property: 'owner', value: 'finance-team' },
      { property: 'meshworkPersonalDataCategory', value: 'iban' },
    ]);
    // A classification that is set stays as it is: never lowered, never replaced.
    assert.equal(props.born!.classification, 'internal');
    // The one personal-data rule agrees: what was applied is declared personal now.
    assert.ok(
      isDeclaredPersonal(props.email) &&
        isDeclaredPersonal(props.iban) &&
        isDeclaredPersonal(props.born),
    );
    // A category declared otherwise is left to the person who declared it, and said.
    assert.deepEqual(
      outcome.kept.map((k) => [k.property, k.reason]),
      [
        ['phone', 'declared as "person-name"; left as declared'],
        ['nickname', 'confidence 0.40 is below 0.6'],
      ],
    );
    assert.deepEqual(
      outcome.applied.map((a) => [a.property, a.changes]),
      [
        [
          'email',
          ['tags += pii', 'classification: restricted', 'meshworkPersonalDataCategory: email'],
        ],
        [
          'iban',
          ['tags += pii', 'classification: restricted', 'meshworkPersonalDataCategory: iban'],
        ],
        ['born', ['tags += pii', 'meshworkPersonalDataCategory: date-of-birth']],
      ],
    );
  });

  it('is harmless twice: the second run writes nothing and leaves the file untouched', async () => {
    const file = join(dir, 'twice.odcs.yaml');
    await writeFile(file, CONTRACT);
    await applySuggestions(file, SUGGESTIONS);
    const first = await readFile(file, 'utf8');
    const mtime = (await stat(file)).mtimeMs;
    const again = await applySuggestions(file, SUGGESTIONS);
    assert.equal(again.written, false);
    assert.deepEqual(again.applied, []);
    assert.equal(await readFile(file, 'utf8'), first);
    assert.equal((await stat(file)).mtimeMs, mtime);
  });

  it('does not write through a link planted at a predictable temporary name, and keeps the mode', async () => {
    const file = join(dir, 'planted.odcs.yaml');
    await writeFile(file, CONTRACT, { mode: 0o640 });
    await chmod(file, 0o640);
    const victim = join(dir, 'victim.txt');
    await writeFile(victim, 'keep me\n');
    await symlink(victim, `${file}.meshwork-scan-${process.pid}.tmp`);
    const outcome = await applySuggestions(file, SUGGESTIONS);
    assert.equal(outcome.written, true);
    assert.equal(await readFile(victim, 'utf8'), 'keep me\n');
    assert.match(await readFile(file, 'utf8'), /meshworkPersonalDataCategory/);
    assert.equal((await stat(file)).mode & 0o777, 0o640);
  });

  it('writes nothing below the threshold, and honours --min-confidence', async () => {
    const file = join(dir, 'low.odcs.yaml');
    await writeFile(file, CONTRACT);
    const low = await applySuggestions(file, [verdict('nickname', 'person-name', 0.4)]);
    assert.equal(low.written, false);
    assert.equal(await readFile(file, 'utf8'), CONTRACT);
    const lowered = await applySuggestions(file, [verdict('nickname', 'person-name', 0.4)], 0.3);
    assert.equal(lowered.written, true);
  });

  it('keeps Windows line endings', async () => {
    const file = join(dir, 'crlf.odcs.yaml');
    const crlf = CONTRACT.replaceAll('\n', '\r\n');
    await writeFile(file, crlf);
    await applySuggestions(file, SUGGESTIONS);
    const text = await readFile(file, 'utf8');
    assert.equal(text.replaceAll('\r\n', '').includes('\n'), false, 'no bare line feed');
    assert.equal(removeInsertions(crlf, text), crlf);
  });

  it('refuses a contract that does not validate, and leaves it alone', async () => {
    const file = join(dir, 'broken.odcs.yaml');
    const broken = CONTRACT.replace('status: active\n', 'status: [active\n');
    await writeFile(file, broken);
    await assert.rejects(applySuggestions(file, SUGGESTIONS), /not a valid ODCS contract/);
    assert.equal(await readFile(file, 'utf8'), broken);
  });

  it('says why a property in an unusual shape is not written', async () => {
    const file = join(dir, 'odd.odcs.yaml');
    const odd = CONTRACT.replace(
      '      - name: email\n        logicalType: string\n        tags: [contact]\n',
      '      - { name: email, logicalType: string }\n',
    );
    await writeFile(file, odd);
    const outcome = await applySuggestions(file, [
      verdict('email', 'email', 0.97),
      verdict('ghost', 'email', 0.97),
    ]);
    assert.deepEqual(
      outcome.kept.map((k) => [k.property, k.reason]),
      [
        ['email', 'the contract has no such property (or it is not a block map)'],
        ['ghost', 'the contract has no such property (or it is not a block map)'],
      ],
    );
    assert.equal(outcome.written, false);
  });
});
