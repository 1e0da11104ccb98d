// `meshwork serve` without the portal, as a process of its own for the access CLI test
// (access-cli.test.ts): starts the real server on a free port over MESH, prints
// `listening <url>` and stops on SIGTERM.
import { startServer } from '../../src/server/start-server.ts';

const [meshRoot] = process.argv.slice(2);
if (!meshRoot) throw new Error('usage: access-server-child.ts MESH');
const server = await startServer({ meshRoot, env: process.env, port: 0 });
process.stdout.write(`listening ${server.url}\n`);
process.once('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
