/**
 * A second process for the audit chain's concurrency test: appends COUNT audit events with
 * ids `<prefix>-<n>` to the embedded store in DIR — or, when DIR is a postgres:// URL, to
 * that PostgreSQL database — as a CLI or a second server would while a server runs.
 * Usage: node --import tsx write-audit.ts DIR|URL PREFIX COUNT
 */
import { createEmbeddedStore } from '../../../../src/stores/embedded/index.ts';
import { createPostgresStore } from '../../../../src/stores/postgresql/index.ts';
import { auditInput } from '../store-conformance.ts';

const [directory, prefix, count] = process.argv.slice(2);
if (!directory || !prefix || !count) throw new Error('usage: write-audit.ts DIR PREFIX COUNT');
const store = /^postgres(ql)?:\/\//.test(directory)
  ? createPostgresStore({ connectionString: directory, maxConnections: 4 })
  : createEmbeddedStore({ directory, compactAfter: 25 });
await store.migrate();
// In flight together, as a server's requests would be: the store queues and locks them.
await Promise.all(
  Array.from({ length: Number(count) }, (_, i) => store.audit.append(auditInput(`${prefix}-${i}`))),
);
await store.close();
