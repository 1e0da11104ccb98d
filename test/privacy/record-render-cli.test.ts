import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as mupdf from 'mupdf';
import { cli } from '../support/cli.ts';

const DEMO = join(import.meta.dirname, '..', '..', 'examples', 'alpine-bikes');

/** `meshwork privacy record --format html|pdf` on the demo mesh (German by its defaults). */
describe('meshwork privacy record as HTML and PDF', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshwork-record-render-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('writes the German record as a PDF whose pages render with the template headings', async () => {
    const out = join(dir, 'verzeichnis.pdf');
    const run = await cli(['privacy', 'record', DEMO, '--format', 'pdf', '--out', out], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /Wrote the record of processing activities \(pdf, \d+ activities/);
    const doc = mupdf.Document.openDocument(await readFile(out), 'application/pdf');
    assert.ok(doc.countPages() > 1);
    let text = '';
    for (let i = 0; i < doc.countPages(); i += 1)
      text += doc.loadPage(i).toStructuredText('preserve-whitespace').asText();
    for (const heading of [
      'Verzeichnis von Verarbeitungstätigkeiten',
      'Angaben zum Verantwortlichen',
      'Fristen für die Löschung',
    ])
      assert.ok(text.includes(heading), heading);
  });

  it('prints the HTML record to standard output, in English when asked', async () => {
    const de = await cli(['privacy', 'record', DEMO, '--format', 'html'], dir);
    assert.equal(de.code, 0, de.stderr);
    assert.match(de.stdout, /^<!doctype html>\n<html lang="de">/);
    assert.match(de.stdout, /<h2>Angaben zum Verantwortlichen/);
    const en = await cli(['privacy', 'record', DEMO, '--format', 'html', '--lang', 'en'], dir);
    assert.match(en.stdout, /<html lang="en">/);
    assert.match(en.stdout, /<h1>Record of processing activities<\/h1>/);
  });
});
