/**
 * A real Trino for the Trino tests (`npm run test:trino` uses the same functions):
 *
 *   node --import tsx scripts/trino.ts download            fetch + unpack the server into the cache
 *   node --import tsx scripts/trino.ts start [--home DIR]  start one on 127.0.0.1 (free port), print its env
 *   node --import tsx scripts/trino.ts stop [--home DIR]   stop it (always: a half-started one too)
 *   node --import tsx scripts/trino.ts status [--home DIR]
 *   node --import tsx scripts/trino.ts env [--home DIR]    the `export …` lines, for `source <(…)`
 *
 * The cache is `~/.cache/meshwork/trino/476` (`MESHWORK_TRINO_CACHE`); the default home is
 * `<cache>/home`. `start` gives Trino the catalogs pg and iceberg when `MESHWORK_TEST_PG_URL`
 * (a PostgreSQL superuser URL) is set, and mysql when `MESHWORK_TEST_MYSQL_URL` is set.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cacheDir, ensureServer, findJava, serverDir, TrinoSetupError } from './trino/install.ts';
import { isRunning, readState, renderEnv, startTrino, stopTrino } from './trino/instance.ts';

const log = (line: string): void => void process.stderr.write(`trino: ${line}\n`);

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { home: { type: 'string' } },
  });
  const command = positionals[0];
  const cache = cacheDir();
  const home = values.home ?? join(cache, 'home');
  switch (command) {
    case 'download': {
      const started = Date.now();
      const dir = ensureServer(log);
      log(`server ready at ${dir} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      return 0;
    }
    case 'start': {
      const javaHome = findJava();
      const server = ensureServer(log);
      if (isRunning(home, server, javaHome)) {
        log(`already running (home ${home}); stop it first`);
        return 1;
      }
      const started = Date.now();
      const instance = await startTrino({
        home,
        server,
        javaHome,
        pgUrl: process.env.MESHWORK_TEST_PG_URL,
        mysqlUrl: process.env.MESHWORK_TEST_MYSQL_URL,
        log,
      });
      log(
        `Trino ${instance.url} ready in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
          `(catalogs ${instance.catalogs.join(', ')}); env in ${join(home, 'env.sh')}`,
      );
      process.stdout.write(renderEnv(instance.env));
      return 0;
    }
    case 'stop': {
      const stopped = stopTrino(home, serverDir(cache), findJava());
      log(stopped ? 'stopped' : `not running (home ${home})`);
      return 0;
    }
    case 'status': {
      const running = isRunning(home, serverDir(cache), findJava());
      const state = readState(home);
      process.stdout.write(
        running && state ? `running ${state.url} (home ${home})\n` : `not running (home ${home})\n`,
      );
      return running ? 0 : 3;
    }
    case 'env': {
      const state = readState(home);
      if (!state) {
        log(`not running (home ${home}): start it first`);
        return 1;
      }
      process.stdout.write(renderEnv(state.env));
      return 0;
    }
    default:
      log('usage: scripts/trino.ts download|start|stop|status|env [--home DIR]');
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(error instanceof TrinoSetupError ? error.message : String((error as Error).stack));
    process.exit(1);
  },
);
