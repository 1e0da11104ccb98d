import { stringify } from 'yaml';
import type { Finding } from '../../core/findings/finding.ts';
import type { JsonObject } from '../../core/json/loose.ts';
import { buildMeshModel } from '../../core/mesh/mesh-model.ts';
import { readMeshFiles } from '../workspace/read-mesh.ts';
import type { DraftFile, ProductCanvas, ProductDraft } from './canvas-model.ts';
import { canvasFinding } from './canvas-findings.ts';
import type { CanvasPlan } from './canvas-plan.ts';
import { planCanvas } from './canvas-plan.ts';
import { canvasTexts } from './canvas-texts.ts';
import { deriveColumns } from './derive-columns.ts';
import { outputContract, ownerMember } from './output-contract.ts';
import { portQuery, starterTransform } from './starter-transform.ts';

export interface DraftOptions {
  /** Where a source input's credentials come from (`MESHWORK_<SERVER>_URL`, …). */
  readonly env: NodeJS.ProcessEnv;
  /** The date written into the files' head comments (tests pin it). */
  readonly now?: Date;
}

/**
 * The product canvas as files of a new product folder: `product.odps.yaml`,
 * `transform.sql` and the output contract, which `meshwork validate`, `build` and `test`
 * accept as they are. The output contract's columns are what the build engine says the
 * starter transform returns on the inputs (derive-columns.ts), each carrying its input
 * property's meaning and protection. Nothing is written here: the CLI writes the files,
 * the server offers or commits them. With an error finding there are no files.
 *
 * The canvas's service levels become the output contract's `slaProperties`: `latency`,
 * `frequency` (when the schedule is daily, hourly or weekly), `retention` (with `element`
 * `<port>.<column>` when a date column is named) and `availability` with unit `percent` —
 * ODCS's `generalAvailability` is a date, not a share of the time.
 */
export async function draftProduct(
  meshRoot: string,
  canvas: ProductCanvas,
  options: DraftOptions,
): Promise<ProductDraft> {
  const model = buildMeshModel((await readMeshFiles(meshRoot)).documents);
  const planned = planCanvas(model, canvas);
  const folder = `domains/${canvas.domain}/${canvas.id}`;
  if (!planned.plan) return { folder, files: [], findings: planned.findings };
  const plan = planned.plan;
  const texts = canvasTexts(canvas.language);
  const findings: Finding[] = [...planned.findings];
  let derived;
  try {
    derived = await deriveColumns(meshRoot, plan.inputs, portQuery(plan), options.env);
  } catch (error) {
    findings.push(
      canvasFinding(
        'error',
        'canvas-transform-failed',
        `The build engine cannot describe the starter transform: ${error instanceof Error ? error.message : String(error)}`,
        'Check the input contracts with meshwork validate.',
        '$.columns',
      ),
    );
    return { folder, files: [], findings };
  }
  if (derived.from === 'declared') {
    findings.push(
      canvasFinding(
        'warning',
        'canvas-types-declared',
        `Column types were ${texts.typesFromContracts}: ${derived.reason ?? ''}`,
        'Build the inputs (or set their credentials) and draft again, or compare the types after the first build.',
        '$.inputs',
      ),
    );
  }
  const contract = outputContract(plan, canvas, derived.columns, texts);
  findings.push(...contract.findings);
  if (findings.some((f) => f.severity === 'error')) return { folder, files: [], findings };
  const date = (options.now ?? new Date()).toISOString().slice(0, 10);
  const head = `# Drafted by meshwork new product on ${date} from the product canvas; edit freely.\n`;
  const files: DraftFile[] = [
    {
      path: `${folder}/product.odps.yaml`,
      content: head + yaml(productDocument(plan, canvas, texts)),
    },
    { path: `${folder}/transform.sql`, content: starterTransform(plan, canvas.name, texts) },
    {
      path: `${folder}/${plan.outputPort}.odcs.yaml`,
      content: head + yaml(contract.document),
    },
  ];
  return { folder, files, findings };
}

function yaml(value: unknown): string {
  return stringify(value, { lineWidth: 100 });
}

function productDocument(
  plan: CanvasPlan,
  canvas: ProductCanvas,
  texts: ReturnType<typeof canvasTexts>,
): JsonObject {
  const kind = plan.inputs.some((i) => i.upstream !== undefined)
    ? 'consumer-aligned'
    : 'source-aligned';
  const custom: JsonObject[] = [
    { property: 'meshworkKind', value: kind },
    { property: 'meshworkTransform', value: 'transform.sql' },
  ];
  if (canvas.sla.schedule !== undefined)
    custom.push({ property: 'meshworkSchedule', value: canvas.sla.schedule });
  return {
    apiVersion: 'v1.0.0',
    kind: 'DataProduct',
    id: plan.id,
    name: canvas.name,
    version: '1.0.0',
    status: canvas.status,
    domain: canvas.domain,
    description: { purpose: canvas.purpose, usage: canvas.consumers },
    team: { name: canvas.team, members: [ownerMember(plan, canvas)] },
    inputPorts: plan.inputs.map((i) => ({
      name: i.port,
      version: i.version,
      contractId: i.contractId,
    })),
    outputPorts: [
      {
        name: plan.outputPort,
        description: texts.portDescription.replace(
          '{base}',
          `${plan.base.input.contractId}.${plan.base.name}`,
        ),
        type: 'tables',
        version: '1.0.0',
        contractId: plan.contractId,
      },
    ],
    customProperties: custom,
  };
}
