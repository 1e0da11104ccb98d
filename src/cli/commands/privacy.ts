import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MeshworkError } from '../../app/errors.ts';
import {
  activeGrantsIn,
  processingRecordOfMesh,
  RECORD_LANGUAGES,
} from '../../app/privacy/record.ts';
import type { RecordGrantSource } from '../../app/privacy/record.ts';
import { renderRecordHtml } from '../../app/privacy/render-html.ts';
import { renderRecordPdf } from '../../app/privacy/render-pdf.ts';
import { writeFileAtomically } from '../../app/write-atomically.ts';
import type { ProcessingRecord, RecordLanguage } from '../../core/privacy/record/model.ts';
import { EMBEDDED_STORE_DIR, withStore } from '../../runtime/index.ts';
import type { CliIO } from '../output.ts';
import { formatOption, parseCommandArgs, singlePath } from '../usage.ts';

export const privacyHelp = `Usage: meshwork privacy record [MESH] [--lang de|en] [--format json|html|pdf] [--out FILE]

record   the record of processing activities (GDPR Art. 30, "Verzeichnis von
         Verarbeitungstätigkeiten") made from the mesh and the store: the controller
         and data protection officer (meshwork.yaml), one processing activity per data
         product with personal data — its purposes and legal bases (the product's and
         those of its active grants), data subjects and categories of personal data,
         recipients, transfers to third countries and erasure periods — and the
         technical and organisational measures (the platform's and meshwork.yaml's
         privacy: section), each mapped to Art. 30(1) a–g. What the metadata does not
         say is listed as a gap for the data protection officer, never invented.

Reads the mesh at MESH (default: the current folder) and the active grants of the
store \`meshwork serve\` uses for it (MESH/.meshwork/store/, or PostgreSQL when
MESHWORK_DATABASE_URL is set); a workspace without a store has granted nothing. A
store that cannot be read is a gap in the record and a warning here.

Options:
  --lang L      de or en (default: defaults.language of meshwork.yaml, else en)
  --format F    json (default), html or pdf; pdf needs --out
  --out FILE    write to FILE (replaced only when complete) instead of standard output
  -h, --help    show this help

Exit status: 0 the record was made (gaps are part of it), 2 usage or environment error.
`;

const FORMATS = ['json', 'html', 'pdf'] as const;
type Format = (typeof FORMATS)[number];

/** The renderers by format (app/privacy/render-html.ts, render-pdf.ts for people). */
const RENDERERS: Partial<
  Record<Format, (record: ProcessingRecord) => Promise<string | Uint8Array>>
> = {
  json: (record) => Promise.resolve(`${JSON.stringify(record, null, 2)}\n`),
  html: (record) => Promise.resolve(renderRecordHtml(record)),
  pdf: renderRecordPdf,
};

export async function runPrivacy(args: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('privacy', args, {
    lang: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  const [action, ...rest] = positionals;
  if (values.help || action === undefined) {
    io.stdout(privacyHelp);
    return values.help ? 0 : 2;
  }
  if (action !== 'record')
    throw new MeshworkError(
      'usage',
      `unknown privacy action "${action.slice(0, 40)}" (there is: record). See \`meshwork privacy --help\`.`,
    );
  const format = formatOption(values.format, FORMATS, 'format') as Format;
  const language =
    values.lang === undefined
      ? undefined
      : (formatOption(values.lang, RECORD_LANGUAGES, 'lang') as RecordLanguage);
  const render = RENDERERS[format];
  if (render === undefined)
    throw new MeshworkError(
      'usage',
      `--format ${format} is not available in this build; use --format json.`,
    );
  if (format === 'pdf' && values.out === undefined)
    throw new MeshworkError('usage', '--format pdf writes a file: give --out FILE.');
  const path = singlePath(rest, 'privacy');
  const meshRoot = resolve(io.cwd, path);
  if (!existsSync(meshRoot)) throw new MeshworkError('not-found', `${path}: no such folder.`);

  const { source, detail } = await grantSource(meshRoot, io);
  if ('unavailable' in source)
    io.stderr(
      `meshwork privacy: warning: ${source.unavailable}${detail === undefined ? '' : ` (${detail})`}; the record lists the missing recipients as a gap.\n`,
    );
  const record = await processingRecordOfMesh(meshRoot, source, language ? { language } : {});
  const output = await render(record);
  if (values.out === undefined) {
    io.stdout(typeof output === 'string' ? output : Buffer.from(output).toString('utf8'));
    return 0;
  }
  await writeAtomically(resolve(io.cwd, values.out), output);
  io.stderr(
    `Wrote the record of processing activities (${format}, ${record.activities.length} ${record.activities.length === 1 ? 'activity' : 'activities'}, ${record.gaps.length} ${record.gaps.length === 1 ? 'gap' : 'gaps'}) to ${values.out}.\n`,
  );
  return 0;
}

/**
 * The active grants of the workspace's store; none when it never had one; unavailable when
 * it cannot be read. The record only says that it could not be read, as the server's route
 * does: the record is handed on, and a driver's error names the host, the port and the
 * user. The reason (`detail`) goes to the operator's terminal only.
 */
async function grantSource(
  meshRoot: string,
  io: CliIO,
): Promise<{ source: RecordGrantSource; detail?: string }> {
  const url = io.env.MESHWORK_DATABASE_URL;
  if ((url === undefined || url === '') && !existsSync(join(meshRoot, EMBEDDED_STORE_DIR)))
    return { source: { none: true } };
  try {
    return { source: { grants: await withStore({ meshRoot, env: io.env }, activeGrantsIn) } };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      source: { unavailable: 'the store could not be read' },
      detail: reason.split('\n')[0]!.slice(0, 200),
    };
  }
}

async function writeAtomically(out: string, content: string | Uint8Array): Promise<void> {
  try {
    // The record names no person: readable as any document the user writes.
    await writeFileAtomically(out, content, 0o644);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MeshworkError('io', `cannot write the record to ${out}: ${reason}`, { cause: error });
  }
}
