import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assessBirthDates, parseDate } from '../../src/core/privacy/scan/date-of-birth.ts';

const TODAY = new Date(Date.UTC(2026, 5, 1));

test('ISO, German and slashed dates parse; impossible dates do not', () => {
  assert.equal(parseDate('1985-03-12')?.timeOfDay, false);
  assert.ok(parseDate('12.03.1985'));
  assert.ok(parseDate('1.3.1985'));
  assert.ok(parseDate('12-03-1985'));
  assert.ok(parseDate('12/03/1985'));
  assert.ok(parseDate('1985/03/12'));
  assert.deepEqual(parseDate('12.03.1985'), parseDate('1985-03-12'), 'the same day either way');
  for (const v of ['1985-02-30', '31.04.1985', '1985-13-01', '00.01.1985', 'gestern', '1985', ''])
    assert.equal(parseDate(v), undefined, v);
});

test('a time of day is noted; midnight (a date stored as timestamp) is not a time', () => {
  assert.equal(parseDate('2025-03-12 14:22:01')?.timeOfDay, true);
  assert.equal(parseDate('2025-03-12T14:22:01Z')?.timeOfDay, true);
  assert.equal(parseDate('1985-03-12 00:00:00')?.timeOfDay, false);
  assert.equal(parseDate('1985-03-12T00:00:00.000+01:00')?.timeOfDay, false);
});

test('only dates a living person could be born on count: not in the future, not over 120 years ago', () => {
  const a = assessBirthDates(
    ['1985-03-12', '2030-01-01', '1890-01-01', '2025-03-12 14:22:01', 'kein Datum'],
    TODAY,
  );
  assert.equal(a.dates, 4);
  assert.equal(a.plausible, 1);
  assert.equal(a.inFuture, 1);
  assert.equal(a.withTimeOfDay, 1);
});

test('the spread of a population: median age and years between the 10th and 90th percentile', () => {
  const births = Array.from({ length: 50 }, (_, i) => `${1940 + i}-06-01`);
  const a = assessBirthDates(births, TODAY);
  assert.equal(a.plausible, 50);
  assert.equal(a.distinctDays, 50);
  assert.ok(a.medianAge > 50 && a.medianAge < 63, String(a.medianAge));
  assert.ok(a.spreadYears >= 39 && a.spreadYears <= 41, String(a.spreadYears));
  const orders = Array.from({ length: 50 }, (_, i) => `2025-0${1 + (i % 9)}-1${i % 10}`);
  const o = assessBirthDates(orders, TODAY);
  assert.ok(o.medianAge < 2 && o.spreadYears < 1);
});

test('under a birth-date name, YYYYMMDD and two-digit years are read; otherwise not', () => {
  const values = ['19850312', '12.3.85', '1.1.05'];
  assert.equal(assessBirthDates(values, TODAY).plausible, 0);
  const named = assessBirthDates(values, TODAY, true);
  assert.equal(named.plausible, 3);
  assert.ok(named.medianAge > 40, '85 is 1985, not 2085');
});
