import { serve } from '@hono/node-server';
import type { ServerType } from '@hono/node-server';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { MeshworkError } from '../app/errors.ts';

export const DEFAULT_PORT = 4000;

export interface Listening {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serves the app on `host:port`: 127.0.0.1 unless asked otherwise, so a laptop's
 * catalog is not on the network by accident. Port 0 takes a free port.
 */
export function listen(
  app: OpenAPIHono,
  options: { port?: number; host?: string } = {},
): Promise<Listening> {
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    let server: ServerType;
    try {
      server = serve(
        { fetch: app.fetch, port: options.port ?? DEFAULT_PORT, hostname: host },
        (info) => {
          const shown = host.includes(':') ? `[${host}]` : host;
          resolve({
            url: `http://${shown}:${info.port}`,
            port: info.port,
            close: () =>
              new Promise<void>((done, fail) => {
                server.close((error) => (error ? fail(error) : done()));
                if ('closeAllConnections' in server) server.closeAllConnections();
              }),
          });
        },
      );
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    server.once('error', (error: NodeJS.ErrnoException) => {
      const where = `${host}:${options.port ?? DEFAULT_PORT}`;
      if (error.code === 'EADDRINUSE')
        reject(new MeshworkError('io', `${where} is in use; choose another with --port.`));
      else if (error.code === 'EACCES' || error.code === 'EADDRNOTAVAIL')
        reject(new MeshworkError('io', `cannot listen on ${where} (${error.code}).`));
      else reject(error);
    });
  });
}
