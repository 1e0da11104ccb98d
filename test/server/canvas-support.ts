import { execFileSync } from 'node:child_process';
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProductCanvas, ProductDraft } from '../../src/app/canvas/canvas-model.ts';
import type { Drafter } from '../../src/server/deps.ts';
import { DEMO_MESH } from './api-support.ts';

/** A copy of the demo mesh in a fresh folder; `git: true` makes it a repository with one commit. */
export async function demoCopy(options: { git: boolean }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'meshwork-canvas-'));
  const mesh = join(dir, 'mesh');
  await cp(DEMO_MESH, mesh, { recursive: true });
  if (options.git) {
    git(mesh, 'init', '--quiet', '--initial-branch=main');
    git(mesh, 'add', '--all');
    git(mesh, 'commit', '--quiet', '-m', 'the demo mesh');
  }
  return mesh;
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: cwd,
      GIT_AUTHOR_NAME: 'Setup',
      GIT_AUTHOR_EMAIL: 'setup@example.invalid',
      GIT_COMMITTER_NAME: 'Setup',
      GIT_COMMITTER_EMAIL: 'setup@example.invalid',
    },
  });
}

/** Answers of the canvas as the portal's form sends them. */
export const ANSWERS = {
  id: 'sales-order-overview',
  name: 'Order overview',
  domain: 'sales',
  purpose: 'Orders per customer for the weekly sales meeting.',
  consumers: 'The sales team; finance for the forecast.',
  team: 'sales-team',
  inputs: ['sales-orders-v1'],
  columns: [],
  sla: { latency: { value: 1, unit: 'd' }, schedule: '0 3 * * *' },
  language: 'en',
} as const;

/**
 * A drafter that writes what it was given into a minimal product, recording the canvas it
 * got: the routes' own behaviour (validation, zip, commit, refusals) is tested apart from the
 * engine that derives schemas.
 */
export function recordingDrafter(): { draft: Drafter; seen: ProductCanvas[] } {
  const seen: ProductCanvas[] = [];
  const draft: Drafter = (_root, canvas) => {
    seen.push(canvas);
    const folder = `domains/${canvas.domain}/${canvas.id}`;
    const result: ProductDraft = {
      folder,
      files: [
        {
          path: `${folder}/product.odps.yaml`,
          content: [
            'apiVersion: v1.0.0',
            'kind: DataProduct',
            `id: ${canvas.id}`,
            `name: ${JSON.stringify(canvas.name)}`,
            'version: 0.1.0',
            `status: ${canvas.status}`,
            `domain: ${canvas.domain}`,
            'description:',
            `  purpose: ${JSON.stringify(canvas.purpose)}`,
            'team:',
            `  name: ${canvas.team}`,
            '',
          ].join('\n'),
        },
        { path: `${folder}/transform.sql`, content: '-- port: out\nSELECT 1 AS one\n' },
      ],
      findings: [],
    };
    return Promise.resolve(result);
  };
  return { draft, seen };
}
