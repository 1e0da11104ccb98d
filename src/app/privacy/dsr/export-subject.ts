import { chmod, mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Grant } from '../../../core/access/model.ts';
import { asObject } from '../../../core/json/loose.ts';
import type { MeshModel } from '../../../core/mesh/mesh-model.ts';
import type { Row } from '../../../engines/engine.ts';
import { csvRow } from '../../audit/csv.ts';
import { MeshworkError } from '../../errors.ts';
import type { SubjectLocation, SubjectMatch } from './locate-subject.ts';

/**
 * What `meshwork dsr export` writes for a data subject's access request (GDPR Art. 15):
 * a folder with `subject.json` — every object holding the person's rows, with the rows,
 * the purpose of the product or source, and the recipients (consumer teams with active
 * grants on the port: purpose, until) — and one CSV per object (`csv.ts`: formula-safe
 * cells). Also what could not be searched, so the answer is never taken for complete
 * when it is not. The folder is made 0700 and its files 0600 (they hold personal data),
 * written beside it and renamed into place once complete.
 */

export interface SubjectExportRequest {
  /** The folder to create; it must not exist or be empty. */
  readonly outDir: string;
  readonly model: MeshModel;
  /** From `locateSubject` with `collectRows`. */
  readonly location: SubjectLocation;
  /** The workspace's active grants, or why they cannot be read (then said in the export). */
  readonly grants: { readonly grants: readonly Grant[] } | { readonly unavailable: string };
  readonly now?: Date;
  /**
   * Called once the files are complete and before they are put in place (the audit entry):
   * when it throws, nothing is published.
   */
  readonly beforePublish?: (written: SubjectExport) => Promise<void>;
}

export interface SubjectExport {
  /** The files written, relative to `outDir`. */
  readonly files: readonly string[];
  readonly objects: number;
  readonly rows: number;
}

export interface Recipient {
  /** `<domain>/<team>` of the consumer team. */
  readonly team: string;
  readonly purpose: string;
  readonly until: string;
}

export async function writeSubjectExport(request: SubjectExportRequest): Promise<SubjectExport> {
  await assertFreshFolder(request.outDir);
  // A new folder of a random name (mkdtemp, 0700): a predictable one could be planted
  // beforehand (a link, or a folder someone else owns) and receive the person's data.
  await mkdir(dirname(request.outDir), { recursive: true });
  const temp = await mkdtemp(join(dirname(request.outDir), `.${basename(request.outDir)}.tmp-`));
  try {
    const files: string[] = [];
    const objects = request.location.matches.map((match, index) => {
      const file = csvName(index + 1, match);
      return { match, file };
    });
    for (const { match, file } of objects) {
      await writePrivate(join(temp, file), toCsv(match.data ?? []));
      files.push(file);
    }
    const document = {
      generatedAt: (request.now ?? new Date()).toISOString(),
      kind: request.location.kind,
      complete: request.location.complete,
      ...('unavailable' in request.grants
        ? { recipientsUnavailable: request.grants.unavailable }
        : {}),
      matches: objects.map(({ match, file }) => ({
        product: match.product,
        port: match.port,
        contract: match.contract,
        object: match.object,
        source: match.source,
        rows: match.rows,
        via: match.via,
        purpose: purposeOf(request.model, match),
        recipients: recipientsOf(request.grants, match),
        file,
        data: match.data ?? [],
      })),
      notSearched: request.location.notSearched,
      warnings: request.location.warnings,
      linking: request.location.linking,
    };
    await writePrivate(join(temp, 'subject.json'), `${JSON.stringify(document, null, 2)}\n`);
    files.unshift('subject.json');
    const written: SubjectExport = {
      files,
      objects: objects.length,
      rows: objects.reduce((sum, { match }) => sum + (match.data?.length ?? 0), 0),
    };
    await request.beforePublish?.(written);
    await rm(request.outDir, { recursive: true, force: true });
    await rename(temp, request.outDir);
    await chmod(request.outDir, 0o700);
    return written;
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}

/** An existing folder with files in it is refused: an export never mixes with other files. */
async function assertFreshFolder(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    throw new MeshworkError(
      'io',
      `${dir} cannot be used for the export (${code ?? 'unreadable'}).`,
    );
  }
  if (names.length > 0)
    throw new MeshworkError('usage', `${dir} is not empty; name a new folder for the export.`);
}

async function writePrivate(file: string, text: string): Promise<void> {
  await writeFile(file, text, { mode: 0o600, flag: 'wx' });
}

/** `01-customer-master-customers-customers.csv`: names from the mesh, cut to safe characters. */
function csvName(index: number, match: SubjectMatch): string {
  const parts = [match.product ?? `source-${match.source ?? 'unknown'}`, match.port, match.object]
    .filter((p): p is string => p !== null)
    .map((p) => p.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 60));
  const where =
    match.read.kind === 'server'
      ? `-${match.read.server.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 40)}`
      : '';
  return `${String(index).padStart(2, '0')}-${parts.join('-')}${where}.csv`;
}

function toCsv(rows: readonly Row[]): string {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  if (columns.length === 0) return '';
  return [csvRow(columns), ...rows.map((row) => csvRow(columns.map((c) => cellText(row[c]))))].join(
    '',
  );
}

function cellText(value: Row[string] | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

/** The product's purpose (`description.purpose`), a source contract's own; null when none. */
function purposeOf(model: MeshModel, match: SubjectMatch): string | null {
  const product =
    match.product === null
      ? undefined
      : model.products.find(
          (p) => (p.id ?? `${p.domainFolder}/${p.productFolder}`) === match.product,
        );
  const holder = product
    ? product.doc.source.data
    : model.contracts.find((c) => c.doc.path === match.contractPath)?.doc.source.data;
  const purpose = asObject(asObject(holder)?.description)?.purpose;
  return typeof purpose === 'string' && purpose.trim() !== '' ? purpose.trim() : null;
}

/** Consumer teams with an active grant on the port (sources have none). */
function recipientsOf(
  grants: SubjectExportRequest['grants'],
  match: SubjectMatch,
): Recipient[] | null {
  if ('unavailable' in grants) return null;
  if (match.product === null) return [];
  return grants.grants
    .filter((g) => g.state === 'active' && g.productId === match.product && g.port === match.port)
    .map((g) => ({
      team: `${g.consumerDomain}/${g.consumerTeam}`,
      purpose: g.purpose,
      until: g.endsAt,
    }));
}
