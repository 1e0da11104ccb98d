import { looksPersonal } from '../src/core/privacy/personal-data.ts';
import { classifyColumn } from '../src/core/privacy/scan/classify.ts';
import type { PersonalDataCategory, ScanColumnResult } from '../src/core/privacy/scan/model.ts';
import { PERSONAL_DATA_CATEGORIES } from '../src/core/privacy/scan/model.ts';
import { nameHintOf } from '../src/core/privacy/scan/name-hints.ts';
import { NAME_LIST_SIZES } from '../src/core/privacy/scan/person-name.ts';
import { ACCEPT_CONFIDENCE } from '../src/core/privacy/scan/thresholds.ts';
import type { ColumnKind, LabelledColumn } from '../test/support/scan-dataset.ts';
import { generateScanDataset, SCAN_DATASET_TODAY } from '../test/support/scan-dataset.ts';
import type { Figures } from './support/scan-scoring.ts';
import { scoreBinary, scoreByCategory } from './support/scan-scoring.ts';

const VARIANTS = Number(process.env.MESHWORK_BENCH_SCAN_VARIANTS ?? 8);
const ROWS = Number(process.env.MESHWORK_BENCH_SCAN_ROWS ?? 200);
const AIM = 0.95;

interface Row {
  readonly set: 'tuned' | 'held-out';
  readonly column: LabelledColumn;
  readonly result: ScanColumnResult;
}

function f2(n: number): string {
  return n.toFixed(3);
}

function line(name: string, f: Figures): string {
  return `${name.padEnd(16)} precision ${f2(f.precision)}  recall ${f2(f.recall)}  (tp ${f.tp}, fp ${f.fp}, fn ${f.fn})`;
}

function predicted(result: ScanColumnResult, minConfidence: number): PersonalDataCategory | null {
  return result.category !== null && result.confidence >= minConfidence ? result.category : null;
}

/**
 * Precision and recall of `classifyColumn` on the labelled German data set
 * (test/support/scan-dataset.ts: VARIANTS copies of eight tables, with columns whose names
 * lie and whose content hides, and decoys), per category and overall, for the suggestions
 * `meshwork scan --apply` accepts (confidence ≥ ACCEPT_CONFIDENCE) and for every suggestion.
 * Baselines in the same run: the name-only rule of personal-data.ts (personal or not) and
 * the scanner's own name hints without content (with categories).
 */
export function benchScanAccuracy(): Promise<void> {
  const tables = generateScanDataset({ variants: VARIANTS, rows: ROWS, heldOut: true });
  const rows: Row[] = [];
  const started = performance.now();
  for (const table of tables)
    for (const column of table.columns)
      rows.push({
        set: table.set,
        column,
        result: classifyColumn(
          {
            object: table.object,
            property: column.property,
            physicalType: column.physicalType,
            values: column.values,
          },
          { today: SCAN_DATASET_TODAY },
        ),
      });
  const ms = performance.now() - started;
  const labelled = rows.filter((r) => r.column.label !== null).length;
  console.log(
    `data set: ${tables.length} tables (${VARIANTS} variants), ${rows.length} columns (${labelled} personal, ${rows.length - labelled} not), ${ROWS} rows each; name lists ${NAME_LIST_SIZES.first} first + ${NAME_LIST_SIZES.last} last names`,
  );
  console.log(
    `classified in ${ms.toFixed(0)} ms (${((ms / rows.length) * 1000).toFixed(0)} µs per column of ${ROWS} values)`,
  );

  for (const [title, min] of [
    [`accepted suggestions (confidence ≥ ${ACCEPT_CONFIDENCE})`, ACCEPT_CONFIDENCE],
    ['every suggestion (any confidence)', 0],
  ] as const) {
    const { perCategory, overall } = scoreByCategory(
      rows.map((r) => ({ label: r.column.label, predicted: predicted(r.result, min) })),
    );
    console.log(`\n${title}:`);
    for (const category of PERSONAL_DATA_CATEGORIES)
      console.log(line(category, perCategory.get(category)!));
    console.log(line('overall', overall));
    const low = [...perCategory.entries()].filter(([, f]) => f.precision < AIM || f.recall < AIM);
    console.log(
      low.length === 0 && overall.precision >= AIM && overall.recall >= AIM
        ? `aim ≥ ${AIM} met for every category and overall`
        : `aim ≥ ${AIM} NOT met for: ${[...low.map(([c]) => c), ...(overall.precision < AIM || overall.recall < AIM ? ['overall'] : [])].join(', ')}`,
    );
  }

  const heldOut = rows.filter((r) => r.set === 'held-out');
  const heldOutFigures = scoreByCategory(
    heldOut.map((r) => ({
      label: r.column.label,
      predicted: predicted(r.result, ACCEPT_CONFIDENCE),
    })),
  ).overall;
  console.log(
    `\nheld-out tables only (written after the classifier's last change, not tuned on): ${heldOut.length} columns`,
  );
  console.log(line('overall', heldOutFigures));

  console.log('\nby kind of column (accepted suggestions): right / all');
  const kinds: ColumnKind[] = ['plain', 'lying-name', 'hidden', 'decoy'];
  for (const kind of kinds) {
    const of = rows.filter((r) => r.column.kind === kind);
    const right = of.filter(
      (r) => predicted(r.result, ACCEPT_CONFIDENCE) === r.column.label,
    ).length;
    console.log(`${kind.padEnd(16)} ${right} / ${of.length}`);
  }
  const wrong = rows.filter((r) => predicted(r.result, ACCEPT_CONFIDENCE) !== r.column.label);
  const misses = new Map<string, number>();
  for (const r of wrong) {
    const key = `${r.column.property} (${r.column.kind}${r.set === 'held-out' ? ', held-out' : ''}): labelled ${r.column.label ?? 'none'}, said ${r.result.category ?? 'none'} ${r.result.confidence}`;
    misses.set(key, (misses.get(key) ?? 0) + 1);
  }
  if (misses.size > 0) {
    console.log('wrong verdicts (column, times over the variants):');
    for (const [key, n] of [...misses.entries()].sort((a, b) => b[1] - a[1]))
      console.log(`  ${n}× ${key}`);
  }

  console.log('\nbaselines, personal or not (binary):');
  const binary = (personal: (r: Row) => boolean): Figures =>
    scoreBinary(rows.map((r) => ({ label: r.column.label, personal: personal(r) })));
  const scanner = binary((r) => predicted(r.result, ACCEPT_CONFIDENCE) !== null);
  const nameRule = binary((r) => looksPersonal({ name: r.column.property }));
  console.log(line('scanner', scanner));
  console.log(line('personal-data.ts', nameRule));
  console.log(
    `ratio scanner / name rule: precision ${(scanner.precision / nameRule.precision).toFixed(2)}x, recall ${(scanner.recall / nameRule.recall).toFixed(2)}x`,
  );
  const hintsOnly = scoreByCategory(
    rows.map((r) => {
      const hint = nameHintOf(r.column.property);
      return {
        label: r.column.label,
        predicted: hint?.strength === 'strong' ? hint.category : null,
      };
    }),
  ).overall;
  const scannerOverall = scoreByCategory(
    rows.map((r) => ({ label: r.column.label, predicted: predicted(r.result, ACCEPT_CONFIDENCE) })),
  ).overall;
  console.log(`\nbaseline with categories: the scanner's name hints alone, no content`);
  console.log(line('name hints', hintsOnly));
  console.log(line('scanner', scannerOverall));
  console.log(
    `ratio scanner / name hints: precision ${(scannerOverall.precision / hintsOnly.precision).toFixed(2)}x, recall ${(scannerOverall.recall / hintsOnly.recall).toFixed(2)}x`,
  );
  return Promise.resolve();
}
