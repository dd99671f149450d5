// npa validate reads the appraisal tables too (appraisal.csv, cohorts.csv, grade.csv), with the loaders npa rob,
// npa overlap and npa grade use: a person who edits one by hand learns of a bad cell from validate (file, line,
// column, value, accepted values; exit 2), not first from the command that reads it. Small fixtures written here;
// each expectation follows from the fixture by construction.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { row, runCli, tempDataset, toCsv } from '../helpers.js';

/** Two valid studies: ref 1 (retrospective) and ref 2 (a repeat listing of ref 1). */
const dataset = () => tempDataset(toCsv([row({ ref: 1 }), row({ ref: 2, duplicate_of: 1 })]));

const APPRAISAL_HEADER = 'ref,tool,domain,judgement,support,source,rater,notes';
const COHORTS_HEADER = 'ref,institution,period_start,period_end,source,quote,notes';
const GRADE_HEADER = 'outcome,domain,judgement,reason,by,date';

interface Json {
  valid: boolean;
  errors: number;
  issues: { severity: string; code: string; file: string; line?: number; column?: string; value?: string; accepted?: string[] }[];
}

async function validate(dir: string) {
  const text = await runCli(['validate', '--data', dir]);
  const json = await runCli(['validate', '--data', dir, '--json']);
  return { text, json: JSON.parse(json.stdout) as Json, jsonCode: json.code };
}

describe('npa validate checks appraisal.csv, cohorts.csv and grade.csv when present', () => {
  it('a valid row in each of the three files: valid, exit 0', async () => {
    const dir = dataset();
    writeFileSync(join(dir, 'appraisal.csv'), `${APPRAISAL_HEADER}\n1,jbi_case_series,Q1,yes,stated,review text,A,\n`);
    writeFileSync(join(dir, 'cohorts.csv'), `${COHORTS_HEADER}\n1,Hospital X,2015,2018-06,review text,"treated at Hospital X, 2015 to June 2018",\n`);
    writeFileSync(join(dir, 'grade.csv'), `${GRADE_HEADER}\ncomplications,imprecision,serious,CI crosses 10%,J Doe,2026-12-01\n`);
    const r = await validate(dir);
    expect(r.text.code).toBe(0);
    expect(r.text.stdout).toBe('valid: 2 studies read, 0 errors, 0 warnings.\n');
    expect(r.json).toMatchObject({ valid: true, errors: 0, issues: [] });
  });

  it('no appraisal.csv, cohorts.csv or grade.csv at all is fine (they are optional)', async () => {
    const r = await validate(dataset());
    expect(r.text.code).toBe(0);
    expect(r.json.issues).toEqual([]);
  });

  it('appraisal.csv: a judgement the tool does not allow is an error with file, line, column, value and the accepted values', async () => {
    const dir = dataset();
    writeFileSync(join(dir, 'appraisal.csv'), `${APPRAISAL_HEADER}\n1,jbi_case_series,Q1,yes,stated,review text,A,\n1,jbi_case_series,Q2,maybe,stated,review text,A,\n`);
    const r = await validate(dir);
    expect(r.text.code).toBe(2);
    expect(r.text.stdout).toMatch(/error: \S*appraisal\.csv, line 3, column judgement \(ref 1\): "maybe": .*Accepted: yes, unclear, no, not applicable, no information\./);
    expect(r.text.stdout).toMatch(/^invalid: 2 studies read, 1 error, 0 warnings\.$/m);
    expect(r.jsonCode).toBe(2);
    expect(r.json.valid).toBe(false);
    expect(r.json.issues).toEqual([expect.objectContaining({ severity: 'error', file: expect.stringMatching(/appraisal\.csv$/), line: 3, column: 'judgement', value: 'maybe', accepted: ['yes', 'unclear', 'no', 'not applicable', 'no information'] })]);
  });

  it('appraisal.csv: an unknown tool (a cell the codec refuses) and a ref that is a repeat listing', async () => {
    const dir = dataset();
    writeFileSync(join(dir, 'appraisal.csv'), `${APPRAISAL_HEADER}\n1,jbi,Q1,yes,stated,review text,A,\n2,jbi_case_series,Q1,yes,stated,review text,A,\n`);
    const r = await validate(dir);
    expect(r.text.code).toBe(2);
    expect(r.json.issues).toEqual([
      expect.objectContaining({ code: 'invalid_value', line: 2, column: 'tool', value: 'jbi', accepted: ['rob2', 'robins_i', 'jbi_case_series'] }),
      expect.objectContaining({ code: 'duplicate_listing', line: 3, column: 'ref', value: '2' }),
    ]);
  });

  it('cohorts.csv: a month 13 and a period that ends before it starts', async () => {
    const dir = dataset();
    writeFileSync(join(dir, 'cohorts.csv'), `${COHORTS_HEADER}\n1,Hospital X,2015-13,2018,review text,quote,\n1,Hospital Y,2019,2016,review text,quote,\n`);
    const r = await validate(dir);
    expect(r.text.code).toBe(2);
    expect(r.text.stdout).toMatch(/error: \S*cohorts\.csv, line 2, column period_start \(ref 1\): "2015-13": expected YYYY or YYYY-MM/);
    expect(r.json.issues).toEqual([
      expect.objectContaining({ severity: 'error', file: expect.stringMatching(/cohorts\.csv$/), line: 2, column: 'period_start', value: '2015-13' }),
      expect.objectContaining({ severity: 'error', code: 'period_order', line: 3, column: 'period_end', value: '2016' }),
    ]);
  });

  it('grade.csv: a judgement the domain does not allow, and a domain that is not a GRADE domain', async () => {
    const dir = dataset();
    writeFileSync(join(dir, 'grade.csv'), `${GRADE_HEADER}\ncomplications,imprecision,high,why,J Doe,2026-12-01\nlocal_control,precision,serious,why,J Doe,2026-12-01\n`);
    const r = await validate(dir);
    expect(r.text.code).toBe(2);
    expect(r.text.stdout).toMatch(/error: \S*grade\.csv, line 2, column judgement: "high": not a judgement for imprecision\. Accepted: not serious, serious, very serious\./);
    expect(r.json.issues).toEqual([
      expect.objectContaining({ file: expect.stringMatching(/grade\.csv$/), line: 2, column: 'judgement', value: 'high', accepted: ['not serious', 'serious', 'very serious'] }),
      expect.objectContaining({ file: expect.stringMatching(/grade\.csv$/), line: 3, column: 'domain', value: 'precision', accepted: expect.arrayContaining(['imprecision', 'risk_of_bias']) }),
    ]);
  });

  it('grade.csv: a second decision for the same outcome and domain is an error naming both lines', async () => {
    const dir = dataset();
    writeFileSync(join(dir, 'grade.csv'), `${GRADE_HEADER}\ncomplications,imprecision,serious,why,J Doe,2026-12-01\nlocal_control,imprecision,serious,why,J Doe,2026-12-01\ncomplications,imprecision,not serious,changed my mind,A Roe,2026-12-02\n`);
    const r = await validate(dir);
    expect(r.text.code).toBe(2);
    expect(r.json.issues).toEqual([
      expect.objectContaining({ severity: 'error', code: 'duplicate_decision', file: expect.stringMatching(/grade\.csv$/), line: 4, column: 'domain', value: 'imprecision' }),
    ]);
    expect(r.text.stdout).toMatch(/grade\.csv, line 4, column domain: "imprecision": a second decision for complications \/ imprecision \(the first is on line 2\)/);
  });

  it('a study row with a bad cell is not also reported as a missing study by the appraisal tables', async () => {
    const dir = tempDataset(toCsv([row({ ref: 1, year: 'nineteen' })]));
    writeFileSync(join(dir, 'appraisal.csv'), `${APPRAISAL_HEADER}\n1,jbi_case_series,Q1,yes,stated,review text,A,\n`);
    writeFileSync(join(dir, 'cohorts.csv'), `${COHORTS_HEADER}\n1,Hospital X,2015,2018,review text,quote,\n`);
    const r = await validate(dir);
    expect(r.text.code).toBe(2);
    expect(r.json.issues.map((i) => [i.file.replace(/^.*[\\/]/, ''), i.column])).toEqual([['studies.csv', 'year']]);
  });
});

it('the shipped review validates clean, its appraisal.csv and cohorts.csv included', async () => {
  const r = await runCli(['validate', '--json']);
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ valid: true, errors: 0, warnings: 0 });
});
