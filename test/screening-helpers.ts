import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { ROOT, tempDir } from './helpers.js';

/** A copy of the shipped review, with the year window opened for an update to 2024. */
export function review2024(): string {
  const dir = tempDir();
  for (const f of ['review.json', 'studies.csv']) cpSync(join(ROOT, 'data', f), join(dir, f));
  const review = JSON.parse(readFileSync(join(dir, 'review.json'), 'utf8'));
  review.year_window.to = 2024;
  writeFileSync(join(dir, 'review.json'), JSON.stringify(review, null, 2));
  // A second export: one record repeats ref 17 of the dataset, one repeats a record of the PubMed file.
  writeFileSync(join(dir, 'embase.ris'), [
    'TY  - JOUR', 'ID  - E1', 'TI  - Multicenter Prospective Clinical Series Evaluating Radiofrequency Ablation in the Treatment of Painful Spine Metastases',
    'AU  - Bagla, S.', 'PY  - 2016', 'T2  - Cardiovascular and Interventional Radiology', 'VL  - 39', 'SP  - 1289', 'ER  - ', '',
    'TY  - JOUR', 'ID  - E2', 'TI  - Time lapse: A glimpse into prehistoric genomics.', 'AU  - Griffin, Darren K.', 'PY  - 2020', 'T2  - European Journal of Medical Genetics',
    'VL  - 63', 'SP  - 103640', 'DO  - 10.1016/j.ejmg.2019.03.004', 'ER  - ', '',
    'TY  - JOUR', 'ID  - E3', 'TI  - A new study of microwave ablation of pelvic metastases', 'AU  - New, A.', 'PY  - 2023', 'T2  - J Test', 'ER  - ', '',
  ].join('\n'));
  return dir;
}

export const log = (dir: string) => parse(readFileSync(join(dir, 'screening.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
