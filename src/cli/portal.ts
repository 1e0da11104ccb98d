import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where the portal's bundle is served from and, in a clone, how to build it. */
export interface PortalPlace {
  /** The built portal (index.html and assets/). */
  readonly webRoot: string;
  /** The portal's Vite config: present in a clone, absent in an installed package. */
  readonly config: string;
  /** Vite's command line entry: present where the development dependencies are installed. */
  readonly vite: string;
}

/**
 * The package's own portal: web/dist beside src/ (run through tsx) or dist/ (compiled), both
 * two folders above this file. An installed package ships web/dist built (`npm pack` builds
 * it); a clone has web/ and Vite but no web/dist until it is built once.
 */
export function packagePortal(): PortalPlace {
  const root = join(import.meta.dirname, '..', '..');
  return {
    webRoot: join(root, 'web', 'dist'),
    config: join(root, 'web', 'vite.config.ts'),
    vite: join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
  };
}

export function isPortalBuilt(place: PortalPlace): boolean {
  return existsSync(join(place.webRoot, 'index.html'));
}

/** Whether this is a clone that can build the portal itself (its sources and Vite are there). */
export function canBuildPortal(place: PortalPlace): boolean {
  return existsSync(place.config) && existsSync(place.vite);
}

/**
 * Builds the portal into place.webRoot with Vite (a few seconds), as `npm run build:web`
 * does; resolves to Vite's error output when it fails, undefined when it succeeded.
 */
export function buildPortal(place: PortalPlace): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        place.vite,
        'build',
        '--config',
        place.config,
        '--outDir',
        place.webRoot,
        '--emptyOutDir',
        '--logLevel',
        'error',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', (error) => resolve(error.message));
    child.on('close', (code) =>
      resolve(
        code === 0 && isPortalBuilt(place) ? undefined : errors.trim() || `vite exited ${code}`,
      ),
    );
  });
}
