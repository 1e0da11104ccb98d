import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { ScaffoldAnswers } from '../../app/init/scaffold.ts';
import { DEFAULT_ANSWERS } from '../../app/init/scaffold.ts';
import { writeScaffold } from '../../app/init/write-scaffold.ts';
import { MeshworkError } from '../../app/errors.ts';
import type { CliIO } from '../output.ts';
import { paint, writeJson } from '../output.ts';
import { formatOption, parseCommandArgs } from '../usage.ts';

const FLAGS: Record<keyof ScaffoldAnswers, { flag: string; question: string; example?: true }> = {
  organisation: { flag: 'organisation', question: 'Organisation name' },
  legalName: { flag: 'legal-name', question: 'Legal name (as in the commercial register)' },
  dpoName: { flag: 'dpo-name', question: "Data protection officer's name" },
  dpoEmail: { flag: 'dpo-email', question: "Data protection officer's email" },
  domain: { flag: 'domain', question: 'First domain' },
  team: { flag: 'team', question: "The domain's team" },
  ownerUsername: { flag: 'owner-username', question: "Team owner's username" },
  ownerName: { flag: 'owner-name', question: "Team owner's full name" },
  ownerEmail: { flag: 'owner-email', question: "Team owner's email" },
  sourceSystem: {
    flag: 'source-system',
    question: 'An operational system to read from',
    example: true,
  },
  product: { flag: 'product', question: 'First data product', example: true },
};

export const initHelp = `Usage: meshwork init [DIR] [options]

Scaffolds a new mesh repository in DIR (default: the current folder, which must be empty):
meshwork.yaml, one domain with its team, one source contract and one data product with an
output port, its contract and transform.sql (with --empty: meshwork.yaml and the domain
only, for a mesh that starts with \`meshwork import\`). On a terminal it asks for each value not
given as a flag; otherwise it uses the flags and the defaults shown. Names may be written
as people write them ("Kunden Umsätze Österreich"): ids, folders and server names are
made from them in kebab-case (kunden-umsaetze-oesterreich), table names in snake_case.

Options:
${Object.values(FLAGS)
  .map((f) => `  --${f.flag.padEnd(16)} ${f.question}`)
  .join('\n')}
  --empty             no example source contract and product
  --yes, -y           do not ask; use flags and defaults
  --format text|json  output format
  -h, --help          show this help
`;

export async function runInit(args: readonly string[], io: CliIO): Promise<number> {
  const options = Object.fromEntries(
    Object.values(FLAGS).map((f) => [f.flag, { type: 'string' as const }]),
  );
  const { values, positionals } = parseCommandArgs('init', args, {
    ...options,
    empty: { type: 'boolean' },
    yes: { type: 'boolean', short: 'y' },
    format: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(initHelp);
    return 0;
  }
  const format = formatOption(values.format, ['text', 'json'], 'format');
  const flagValues = values as Record<string, string | boolean | undefined>;
  const answers: Record<string, string> = {};
  for (const [key, f] of Object.entries(FLAGS)) {
    const given = flagValues[f.flag];
    answers[key] =
      typeof given === 'string' ? given : DEFAULT_ANSWERS[key as keyof ScaffoldAnswers];
  }
  const interactive = io.isTTY && !values.yes && format === 'text';
  if (interactive) {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    // Ctrl+D or Ctrl+C at a prompt ends init before anything is written.
    const aborted = new Promise<never>((_, reject) =>
      rl.once('close', () => reject(new MeshworkError('usage', 'aborted; nothing was written.'))),
    );
    aborted.catch(() => undefined);
    try {
      for (const [key, f] of Object.entries(FLAGS)) {
        if (typeof flagValues[f.flag] === 'string' || (values.empty && f.example)) continue;
        const prompt = `${f.question} ${paint(io, 'dim', `(${answers[key]})`)}: `;
        const reply = (await Promise.race([aborted, rl.question(prompt)])).trim();
        if (reply) answers[key] = reply;
      }
    } finally {
      rl.close();
    }
  }
  const dir = resolve(io.cwd, positionals[0] ?? '.');
  const written = await writeScaffold(dir, answers as unknown as ScaffoldAnswers, {
    example: values.empty !== true,
  });
  if (format === 'json') {
    writeJson(io, { directory: dir, files: written });
  } else {
    io.stdout(
      `Created a mesh repository in ${dir}:\n${written.map((f) => `  ${f}`).join('\n')}\n\nNext: ${
        values.empty
          ? 'meshwork import postgresql://… (or a file) to describe a system you have'
          : `meshwork validate ${positionals[0] ?? '.'}`
      }\n`,
    );
  }
  return 0;
}
