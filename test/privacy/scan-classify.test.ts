import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyColumn } from '../../src/core/privacy/scan/classify.ts';
import type { ScanColumnInput } from '../../src/core/privacy/scan/model.ts';
import { ACCEPT_CONFIDENCE, MAX_VALUES } from '../../src/core/privacy/scan/thresholds.ts';
import { generateScanDataset, SCAN_DATASET_TODAY } from '../support/scan-dataset.ts';

const TODAY = { today: SCAN_DATASET_TODAY };
const IBANS = [
  'DE89 3704 0044 0532 0130 00',
  'AT61 1904 3002 3457 3201',
  'CH93 0076 2011 6238 5295 7',
  'GB29 NWBK 6016 1331 9268 19',
  'NL91 ABNA 0417 1643 00',
];
const EMAILS = [
  'anna.schmidt@web.de',
  'j.mueller@gmx.at',
  'max@alpine-bikes.de',
  'k.huber@bluewin.ch',
];

function column(
  property: string,
  values: readonly (string | null)[],
  physicalType = 'varchar',
): ScanColumnInput {
  return { object: 'kunden', property, physicalType, values };
}

function times<T>(list: readonly T[], n: number): T[] {
  return Array.from({ length: n }, (_, i) => list[i % list.length]!);
}

test('content decides over a name that lies: a column named email full of IBANs holds IBANs', () => {
  const result = classifyColumn(column('email', times(IBANS, 40)), TODAY);
  assert.equal(result.category, 'iban');
  assert.ok(result.confidence >= ACCEPT_CONFIDENCE);
  assert.ok(
    result.reasons.some((r) => r.includes('suggests e-mail addresses') && r.includes('otherwise')),
  );
  assert.equal(result.object, 'kunden');
  assert.equal(result.property, 'email');
});

test('content that hides is found: notes full of e-mails, or mentioning them in sentences', () => {
  assert.equal(classifyColumn(column('notes', times(EMAILS, 30)), TODAY).category, 'email');
  const sentences = times(
    [
      'Rechnung bitte an anna.schmidt@web.de senden.',
      'Rückruf erbeten',
      'Kontakt: max@alpine-bikes.de',
    ],
    30,
  );
  const result = classifyColumn(column('bemerkung', sentences), TODAY);
  assert.equal(result.category, 'email');
  assert.ok(result.reasons[0]!.includes('mention an e-mail address'));
});

test('a number that fails its checksum is not the thing, even under its own name', () => {
  const bad = times(['DE88 3704 0044 0532 0130 00', 'DE89 3704 0044 0532 0130 01'], 30);
  const result = classifyColumn(column('iban', bad), TODAY);
  assert.equal(result.category, null);
  assert.equal(result.confidence, 0);
  assert.ok(result.reasons.some((r) => r.includes('contradict')));
  assert.equal(
    classifyColumn(column('kreditkarte', times(['4111111111111112'], 20)), TODAY).category,
    null,
  );
  assert.equal(
    classifyColumn(column('steuer_id', times(['86095742718'], 20)), TODAY).category,
    null,
  );
});

test('a name with nothing against it is a lower-confidence suggestion, below what --apply accepts', () => {
  const empty = classifyColumn(column('email', [null, null, '', '  ']), TODAY);
  assert.equal(empty.category, 'email');
  assert.ok(empty.confidence > 0 && empty.confidence < ACCEPT_CONFIDENCE);
  const words = classifyColumn(
    column('nachname', times(['zwackel', 'quirinus', 'obertupfer'], 20)),
    TODAY,
  );
  assert.equal(words.category, 'person-name');
  assert.ok(words.confidence < ACCEPT_CONFIDENCE);
  // Codes under a person's name contradict it.
  assert.equal(
    classifyColumn(column('vorname', times(['SKU-1234', 'SKU-9'], 20)), TODAY).category,
    null,
  );
});

test('a name that agrees raises the confidence over content alone', () => {
  const named = classifyColumn(column('iban', times(IBANS, 40)), TODAY);
  const hidden = classifyColumn(column('feld_7', times(IBANS, 40)), TODAY);
  assert.equal(named.category, 'iban');
  assert.equal(hidden.category, 'iban');
  assert.ok(named.confidence > hidden.confidence);
});

test('match-ratio thresholds: a few matches among other values are not enough without the name', () => {
  const mostlyCodes = [...times(EMAILS, 5), ...times(['BE-2025-0001', 'BE-2025-0002'], 45)];
  assert.equal(classifyColumn(column('feld_2', mostlyCodes), TODAY).category, null);
  const phones = ['+49 30 1234567', '0171 1234567', '+43 664 1234567', '044 123 45 67'];
  const some = [...times(phones, 8), ...times(['privat', 'folgt'], 12)];
  assert.equal(
    classifyColumn(column('feld_2', some), TODAY).category,
    null,
    '40 % under a neutral name',
  );
  assert.equal(
    classifyColumn(column('telefon', some), TODAY).category,
    'phone',
    '40 % under its name',
  );
  const most = [...times(phones, 12), ...times(['privat', 'folgt'], 8)];
  const mentioned = classifyColumn(column('kontakt', most), TODAY);
  assert.equal(mentioned.category, 'phone', 'half or more mention a phone number');
  assert.ok(mentioned.reasons[0]!.includes('mention a phone number'));
  // E-mail addresses are the exception: mentioned anywhere in a third of the values, they are there.
  const mails = [...times(EMAILS, 12), ...times(['keine', 'folgt'], 8)];
  assert.equal(classifyColumn(column('feld_2', mails), TODAY).category, 'email');
});

test('type gating: booleans and decimals hold nothing, dates only birth dates, integers tax ids', () => {
  const bool = classifyColumn(column('iban', times(['true', 'false'], 20), 'boolean'), TODAY);
  assert.equal(bool.category, null);
  assert.ok(bool.reasons[0]!.includes('boolean'));
  assert.equal(
    classifyColumn(column('kreditkarte', times(['4111111111111111'], 20), 'double'), TODAY)
      .category,
    null,
  );
  assert.equal(
    classifyColumn(column('wert', times(['86095742719', '47036892816'], 20), 'bigint'), TODAY)
      .category,
    'tax-id',
  );
  assert.equal(
    classifyColumn(column('email', times(EMAILS, 20), 'date'), TODAY).category,
    null,
    'a date column cannot hold e-mails whatever the sample says',
  );
});

test('dates of birth: a population of birthdays, not order dates, timestamps or one default day', () => {
  const births = Array.from({ length: 60 }, (_, i) => `${1940 + i}-0${1 + (i % 9)}-1${i % 10}`);
  const hidden = classifyColumn(column('feld_3', births, 'date'), TODAY);
  assert.equal(hidden.category, 'date-of-birth');
  const orders = Array.from({ length: 60 }, (_, i) => `2025-0${1 + (i % 9)}-1${i % 10}`);
  const orderResult = classifyColumn(column('feld_9', orders, 'date'), TODAY);
  assert.equal(orderResult.category, null);
  assert.ok(orderResult.reasons.some((r) => r.includes('too recent')));
  const stamps = orders.map((d) => `${d} 14:22:01`);
  assert.equal(classifyColumn(column('geburtsdatum', stamps), TODAY).category, null);
  const defaults = classifyColumn(column('geburtsdatum', times(['1900-01-01'], 50), 'date'), TODAY);
  assert.equal(defaults.category, null);
  const future = classifyColumn(
    column('geburtsdatum', times(['2031-05-01', '2032-01-09'], 30)),
    TODAY,
  );
  assert.equal(future.category, null, 'dates in the future are no birth dates');
});

test('a handful of values caps the confidence', () => {
  const three = classifyColumn(column('feld_1', EMAILS.slice(0, 3)), TODAY);
  const many = classifyColumn(column('feld_1', times(EMAILS, 50)), TODAY);
  assert.equal(three.category, 'email');
  assert.ok(three.confidence < many.confidence);
  assert.ok(three.reasons.some((r) => r.includes('only 3')));
});

test('reasons never contain a sampled value (every column of the data set)', () => {
  for (const table of generateScanDataset({ variants: 2, rows: 60, heldOut: true })) {
    for (const c of table.columns) {
      const result = classifyColumn(
        {
          object: table.object,
          property: c.property,
          physicalType: c.physicalType,
          values: c.values,
        },
        TODAY,
      );
      const text = result.reasons.join('\n').toLowerCase();
      for (const value of new Set(c.values))
        if (value !== null && value.trim().length >= 5)
          assert.equal(
            text.includes(value.trim().toLowerCase()),
            false,
            `${c.property}: a value in the reasons`,
          );
    }
  }
});

test('hostile input is bounded: many values, huge values, control characters', () => {
  const huge = 'a'.repeat(1_000_000) + '@web.de';
  const values = [...Array.from({ length: 200_000 }, () => huge.slice(0, 50)), huge];
  const started = performance.now();
  const result = classifyColumn(column('feld', values), TODAY);
  assert.ok(performance.now() - started < 5000, 'bounded time');
  assert.ok(
    result.reasons.some((r) => r.includes(`${MAX_VALUES} sampled values`)),
    result.reasons.join(' | '),
  );
  const control = classifyColumn(
    column('feld', times(['\u0000\u0007', '\u202e', '\ud800'], 30)),
    TODAY,
  );
  assert.equal(control.category, null);
});

test('the combination rule holds on the data set: every lying name and every hidden column in the main tables', () => {
  for (const table of generateScanDataset({ variants: 2, rows: 100 })) {
    if (table.object.startsWith('schwierige_faelle')) continue;
    for (const c of table.columns) {
      if (c.kind !== 'lying-name' && c.kind !== 'hidden') continue;
      const result = classifyColumn(
        {
          object: table.object,
          property: c.property,
          physicalType: c.physicalType,
          values: c.values,
        },
        TODAY,
      );
      const accepted = result.confidence >= ACCEPT_CONFIDENCE ? result.category : null;
      assert.equal(accepted, c.label, `${table.object}.${c.property} (${c.kind})`);
    }
  }
});

test("a column name that promises one part of an address lets that part's shape count", () => {
  const streets = times(['Hauptstraße', 'Am Markt', 'Lindenweg', 'Berliner Allee'], 20);
  assert.equal(classifyColumn(column('strasse', streets), TODAY).category, 'address');
  assert.equal(
    classifyColumn(column('feld', streets), TODAY).category,
    null,
    'not without the name',
  );
  const numbers = times(['12', '5a', '10-12', '7'], 20);
  assert.equal(classifyColumn(column('hausnummer', numbers), TODAY).category, 'address');
  assert.equal(classifyColumn(column('menge', numbers), TODAY).category, null);
  const postcodes = times(['80331', '10115', '01067'], 20);
  assert.equal(classifyColumn(column('plz', postcodes), TODAY).category, 'address');
  assert.equal(classifyColumn(column('artikel', postcodes), TODAY).category, null);
});

test('under a phone name, whole numbers with a DACH country code are phone numbers', () => {
  const numbers = times(['4930123456', '436641234567', '41441234567'], 20);
  assert.equal(classifyColumn(column('telefon', numbers, 'bigint'), TODAY).category, 'phone');
  assert.equal(classifyColumn(column('wert', numbers, 'bigint'), TODAY).category, null);
});

test("under a birth-date name, YYYYMMDD reads as a date; under another date's name, dates are not births", () => {
  const compact = Array.from({ length: 40 }, (_, i) => `19${50 + i}0${1 + (i % 9)}1${i % 10}`);
  assert.equal(classifyColumn(column('geburtsdatum', compact), TODAY).category, 'date-of-birth');
  assert.equal(classifyColumn(column('feld', compact), TODAY).category, null);
  const founded = Array.from({ length: 60 }, (_, i) => `${1920 + i}-0${1 + (i % 9)}-1${i % 10}`);
  assert.equal(classifyColumn(column('feld_3', founded, 'date'), TODAY).category, 'date-of-birth');
  const result = classifyColumn(column('gruendungsdatum', founded, 'date'), TODAY);
  assert.equal(result.category, null);
  assert.ok(result.reasons.some((r) => r.includes('another event')));
});

test("dotted numbers under a version's name are versions, not IPv4 addresses", () => {
  const dotted = times(['4.1.0.12', '3.12.7.200', '5.0.33.1'], 30);
  assert.equal(classifyColumn(column('feld', dotted), TODAY).category, 'ip-address');
  const firmware = classifyColumn(column('firmware', dotted), TODAY);
  assert.equal(firmware.category, null);
  assert.ok(firmware.reasons.some((r) => r.includes('versions')));
});

test('a name the type rules out is no hint, and the content is still judged', () => {
  const ids = times(['86095742719', '47036892816'], 20);
  const result = classifyColumn(column('email', ids, 'bigint'), TODAY);
  assert.equal(result.category, 'tax-id');
  assert.ok(result.reasons.some((r) => r.includes('an integer column cannot hold them')));
  const codes = classifyColumn(column('telefon', times(['12', '7'], 20), 'double'), TODAY);
  assert.equal(codes.category, null);
  assert.ok(codes.reasons.some((r) => r.includes('a decimal column')));
});
