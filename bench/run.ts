/**
 * `npm run bench`: every benchmark, each printing its figures and a ratio against a
 * baseline measured in the same run (machines here are shared and noisy, so absolute
 * times drift; ratios hold).
 */
import { benchAccessStore } from './access-store.bench.ts';
import { benchAccessSweep } from './access-sweep.bench.ts';
import { benchApi } from './api.bench.ts';
import { benchAuditChain } from './audit-chain.bench.ts';
import { benchContractTest } from './contract-test.bench.ts';
import { benchDiscoverDomains } from './discover-domains.bench.ts';
import { benchDsrFind } from './dsr-find.bench.ts';
import { benchGovernance } from './governance.bench.ts';
import { benchPortRewrite } from './port-rewrite.bench.ts';
import { benchStoreAppend } from './store-append.bench.ts';
import { benchSamples } from './samples.bench.ts';
import { benchScanAccuracy } from './scan-accuracy.bench.ts';
import { benchScanTime } from './scan-time.bench.ts';
import { benchScaleOut } from './scale-out.ts';
import { benchValidate } from './validate.bench.ts';

const selected = process.argv.slice(2);
const benches: Record<string, () => Promise<void>> = {
  validate: benchValidate,
  'contract-test': benchContractTest,
  samples: benchSamples,
  governance: benchGovernance,
  api: benchApi,
  'store-append': benchStoreAppend,
  'access-store': benchAccessStore,
  'access-sweep': benchAccessSweep,
  'audit-chain': benchAuditChain,
  'scan-accuracy': benchScanAccuracy,
  'dsr-find': benchDsrFind,
  'port-rewrite': benchPortRewrite,
  'scan-time': benchScanTime,
  'discover-domains': benchDiscoverDomains,
  'scale-out': async () => {
    await benchScaleOut();
  },
};
const unknown = selected.filter((name) => !Object.hasOwn(benches, name));
if (unknown.length > 0) {
  console.error(
    `npm run bench: unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(benches).join(', ')}.`,
  );
  process.exit(2);
}
for (const [name, run] of Object.entries(benches)) {
  if (selected.length > 0 && !selected.includes(name)) continue;
  console.log(`\n# ${name}`);
  await run();
}
