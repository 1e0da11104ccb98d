/**
 * `meshwork new product` on a terminal: the canvas's questions answered line by line
 * through the CLI's input stream, in English and in German.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { runCli } from '../../src/cli/main.ts';
import type { CliIO } from '../../src/cli/output.ts';
import { cli } from '../support/cli.ts';
import { freshMesh } from './fresh-mesh.ts';

const roots: string[] = [];
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** Runs the command as on a terminal, the answers typed one per line. */
async function answered(args: readonly string[], cwd: string, answers: readonly string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    color: false,
    isTTY: true,
    cwd,
    env: {},
    stdin: Readable.from([answers.map((a) => `${a}\n`).join('')]),
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

function mesh(): string {
  const root = freshMesh();
  roots.push(root);
  return root;
}

describe('meshwork new product, asked on a terminal', () => {
  it('asks the canvas in English, offers the mesh as choices, writes after the confirmation', async () => {
    const root = mesh();
    const result = await answered(['new', 'product'], root, [
      '7', // not a choice: asked again
      'shop',
      'Account list',
      '', // id: the suggestion
      'The accounts we serve.',
      'Account managers.',
      '', // team: the domain's team
      '', // owner: the team's owner
      '1', // inputs: the first contract (crm-accounts-v1)
      '', // columns: all
      '', // latency 1d
      '', // schedule
      '', // retention: from the inputs
      '', // confirm
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Which domain does the product belong to\?\n {2}1\) shop — shop/);
    assert.match(result.stdout, /Id \(kebab-case, also the folder name\) \(shop-account-list\): /);
    assert.match(result.stdout, /1\) crm-accounts-v1 {2}\(source crm\)\n {2}2\) crm-people-v1/);
    assert.match(result.stdout, /Write these files\? \[Y\/n\]/);
    const folder = join(root, 'domains/shop/shop-account-list');
    const product = parse(readFileSync(join(folder, 'product.odps.yaml'), 'utf8')) as {
      description: { purpose: string; usage: string };
      inputPorts: { contractId: string }[];
      team: { name: string; members: { username: string }[] };
    };
    assert.deepEqual(product.description, {
      purpose: 'The accounts we serve.',
      usage: 'Account managers.',
    });
    assert.deepEqual(
      product.inputPorts.map((p) => p.contractId),
      ['crm-accounts-v1'],
    );
    assert.equal(product.team.name, 'shop-team');
    assert.equal(product.team.members[0]?.username, 'owner');
    assert.match(
      readFileSync(join(folder, 'transform.sql'), 'utf8'),
      /drafted from the product canvas/,
    );
    const validated = await cli(['validate', root], root);
    assert.equal(validated.code, 0, validated.stdout);
    const built = await cli(['build', 'shop-account-list', '--mesh', root], root);
    assert.equal(built.code, 0, built.stdout + built.stderr);
    const tested = await cli(['test', 'domains/shop/shop-account-list/accounts.odcs.yaml'], root);
    assert.equal(tested.code, 0, tested.stdout + tested.stderr);
  });

  it('asks in German with --lang de and takes numbered columns', async () => {
    const root = mesh();
    const result = await answered(['new', 'product', '--lang', 'de'], root, [
      '1',
      'Kundenkontakte',
      'shop-kontakte',
      'Wen wir erreichen können.',
      'Der Kundendienst.',
      '2', // team: web-team
      'owner',
      'crm-people-v1',
      '1, 3', // person_id, email
      '12h',
      '0 * * * *',
      '',
      'j',
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Wie heißt das Produkt\?/);
    assert.match(result.stdout, /Welche Spalten bietet es an\?/);
    assert.match(result.stdout, /Geschrieben:/);
    const contract = parse(
      readFileSync(join(root, 'domains/shop/shop-kontakte/people.odcs.yaml'), 'utf8'),
    ) as {
      schema: { properties: { name: string }[] }[];
      slaProperties: { property: string; value: unknown; unit: string }[];
      team: { name: string };
    };
    assert.deepEqual(
      contract.schema[0]!.properties.map((p) => p.name),
      ['person_id', 'email'],
    );
    assert.deepEqual(
      contract.slaProperties.map((s) => [s.property, s.value, s.unit]),
      [
        ['latency', 12, 'h'],
        ['frequency', 1, 'h'],
        ['retention', 2, 'y'],
      ],
    );
    assert.equal(contract.team.name, 'web-team');
    assert.match(
      readFileSync(join(root, 'domains/shop/shop-kontakte/transform.sql'), 'utf8'),
      /Entwurf aus dem Produkt-Canvas/,
    );
    const validated = await cli(['validate', root], root);
    assert.equal(validated.code, 0, validated.stdout);
  });

  it('writes nothing when the confirmation is no, or when the input ends before the last answer', async () => {
    const root = mesh();
    const answers = ['shop', 'Nope', '', 'P', 'C', '', '', '1', '', '', '', ''];
    const declined = await answered(['new', 'product'], root, [...answers, 'n']);
    assert.equal(declined.code, 0);
    assert.match(declined.stdout, /Nothing was written\./);
    assert.equal(existsSync(join(root, 'domains/shop/shop-nope')), false);
    const cut = await answered(['new', 'product'], root, answers.slice(0, 4));
    assert.equal(cut.code, 2);
    assert.match(cut.stderr, /aborted; nothing was written/);
    assert.equal(existsSync(join(root, 'domains/shop/shop-nope')), false);
  });
});
