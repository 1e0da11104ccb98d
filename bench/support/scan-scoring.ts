/**
 * Precision and recall of column verdicts against the labels of the scan data set.
 * A column counts for category c as predicted when the verdict names c (at or above a
 * confidence), and as labelled when its label is c; a verdict of the wrong category is a
 * false positive for the one and a false negative for the other.
 */
import type { PersonalDataCategory } from '../../src/core/privacy/scan/model.ts';
import { PERSONAL_DATA_CATEGORIES } from '../../src/core/privacy/scan/model.ts';

export interface Scored {
  readonly label: PersonalDataCategory | null;
  readonly predicted: PersonalDataCategory | null;
}

export interface Figures {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly precision: number;
  readonly recall: number;
}

function figures(tp: number, fp: number, fn: number): Figures {
  return {
    tp,
    fp,
    fn,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
  };
}

/** Per category and overall (micro-averaged over the personal categories). */
export function scoreByCategory(scored: readonly Scored[]): {
  perCategory: Map<PersonalDataCategory, Figures>;
  overall: Figures;
} {
  const perCategory = new Map<PersonalDataCategory, Figures>();
  let TP = 0;
  let FP = 0;
  let FN = 0;
  for (const category of PERSONAL_DATA_CATEGORIES) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const s of scored) {
      if (s.predicted === category && s.label === category) tp++;
      else if (s.predicted === category) fp++;
      else if (s.label === category) fn++;
    }
    perCategory.set(category, figures(tp, fp, fn));
    TP += tp;
    FP += fp;
    FN += fn;
  }
  return { perCategory, overall: figures(TP, FP, FN) };
}

/** Personal or not, whatever the category: the only question a name-only rule answers. */
export function scoreBinary(
  scored: readonly { label: PersonalDataCategory | null; personal: boolean }[],
): Figures {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const s of scored) {
    if (s.personal && s.label !== null) tp++;
    else if (s.personal) fp++;
    else if (s.label !== null) fn++;
  }
  return figures(tp, fp, fn);
}
