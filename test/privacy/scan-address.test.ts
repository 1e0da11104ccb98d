import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAddress, isPostcode, isTownShaped } from '../../src/core/privacy/scan/address.ts';

test('German street shapes with house numbers are addresses', () => {
  for (const v of [
    'Hauptstraße 12',
    'Hauptstrasse 12',
    'Lindenstr. 5a',
    'Lindenstr 5',
    'Birkenweg 3',
    'Mühlgasse 7',
    'Bahnhofplatz 1',
    'Mozartallee 10-12',
    'Berliner Straße 8',
    'Alte Landstraße 23 b',
    'Am Markt 3',
    'An der Alster 12',
    'Im Winkel 7',
    'Zur Mühle 1',
    'Straße des 17. Juni 135',
  ])
    assert.equal(isAddress(v), true, v);
});

test('postcode and town, and street with postcode and town, are addresses (DE/AT/CH)', () => {
  for (const v of [
    '80331 München',
    '60311 Frankfurt am Main',
    '87435 Kempten (Allgäu)',
    'D-10115 Berlin',
    'A-1010 Wien',
    '8010 Graz',
    'CH-8001 Zürich',
    'Hauptstraße 12, 10115 Berlin',
    'Am Markt 3, A-5020 Salzburg, Österreich',
    'Hauptstraße 12\n10115 Berlin',
    '10115 Berlin, Hauptstraße 12',
    'Hauptstraße 12\r\n10115 Berlin\r\nDeutschland',
  ])
    assert.equal(isAddress(v), true, v);
});

test('things with numbers that are not addresses', () => {
  for (const v of [
    'Hauptstraße',
    'Regal A-12',
    'Lager 3',
    'SKU-MB-1234',
    '80331',
    'Rechnung RE-1234567',
    'Mountainbike Gipfelstürmer 29',
    'max@web.de',
    `${'Haupt'.repeat(100)}straße 12`,
  ])
    assert.equal(isAddress(v), false, v);
});

test('postcodes and town shapes are recognised for columns that say so', () => {
  assert.equal(isPostcode('80331'), true);
  assert.equal(isPostcode('01067'), true);
  assert.equal(isPostcode('A-1010'), true);
  assert.equal(isPostcode('803310'), false);
  assert.equal(isTownShaped('Garmisch-Partenkirchen'), true);
  assert.equal(isTownShaped('Freiburg im Breisgau'), true);
  assert.equal(isTownShaped('St. Gallen'), true);
  assert.equal(isTownShaped('Regal A-12'), false);
});

test('hostile strings are answered quickly', () => {
  const started = performance.now();
  for (const v of ['A '.repeat(80), `${'Aa-'.repeat(60)}straße`, `Am ${'Aa '.repeat(60)}`])
    isAddress(v);
  assert.ok(performance.now() - started < 500);
});
