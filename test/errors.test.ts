// Issue 8 §2: one error taxonomy, each class with its exit code; a user's mistake is never "a bug in
// npa"; no catch-all turns a real error (a bug) into a user message.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError, InputError, NpaError, UsageError, UserError } from '../src/errors.js';
import { readTextFile } from '../src/io.js';
import { FIXTURES, ROOT, runCli, tempDir } from './helpers.js';

describe('the error classes carry their exit codes', () => {
  it.each([
    [new UserError('x'), 1],
    [new UsageError('x'), 2],
    [new InputError('x'), 2],
    [new DataError('x', []), 2],
  ] as const)('%s → %i', (error, code) => {
    expect(error).toBeInstanceOf(NpaError);
    expect(error.exitCode).toBe(code);
  });
});

describe('unreadable input files are the user’s mistake (exit 2), named as given', () => {
  it('readTextFile says "no such file" and "is a folder" apart', () => {
    const dir = tempDir();
    expect(() => readTextFile(dir, 'missing.csv')).toThrow(/cannot read missing\.csv: no such file/);
    mkdirSync(join(dir, 'sub'));
    expect(() => readTextFile(dir, 'sub')).toThrow(/cannot read sub: is a folder/);
    expect(() => readTextFile(dir, 'sub')).toThrow(InputError);
  });
  it('npa meta --input DIR: "is a folder", exit 2 (it said "no such file")', async () => {
    const r = await runCli(['meta', '--input', FIXTURES]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is a folder');
    expect(r.stderr).not.toContain('no such file');
  });
  it('npa screen decide --file DIR: exit 2 and a message, not "a bug in npa"', async () => {
    const data = join(ROOT, 'data');
    // a screening log is needed before --file is read: add one record from a tiny RIS file
    const work = tempDir();
    const { cpSync } = await import('node:fs');
    for (const f of ['review.json', 'studies.csv']) cpSync(join(data, f), join(work, f));
    writeFileSync(join(work, 'new.ris'), ['TY  - JOUR', 'ID  - N1', 'TI  - A new study of microwave ablation', 'AU  - New, A.', 'PY  - 2021', 'T2  - J Test', 'ER  - ', ''].join('\n'));
    expect((await runCli(['screen', 'add', 'new.ris', '--data', work], { cwd: work })).code).toBe(0);
    mkdirSync(join(work, 'decisions'));
    const r = await runCli(['screen', 'decide', '--stage', 'title-abstract', '--file', 'decisions', '--data', work], { cwd: work });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot read decisions: is a folder');
    expect(r.stderr).not.toContain('a bug in npa');
  });
  it('screen decide --file reports the line a record starts on, with a multi-line cell before it', async () => {
    const work = tempDir();
    const { cpSync } = await import('node:fs');
    for (const f of ['review.json', 'studies.csv']) cpSync(join(ROOT, 'data', f), join(work, f));
    writeFileSync(
      join(work, 'new.ris'),
      ['TY  - JOUR', 'ID  - N1', 'TI  - A new study of microwave ablation', 'AU  - New, A.', 'PY  - 2021', 'T2  - J Test', 'ER  - ', 'TY  - JOUR', 'ID  - N2', 'TI  - Cryoablation of painful bone metastases in a second cohort', 'AU  - Other, B.', 'PY  - 2022', 'T2  - J Test', 'ER  - ', ''].join('\n'),
    );
    expect((await runCli(['screen', 'add', 'new.ris', '--data', work], { cwd: work })).code).toBe(0);
    // line 1 header; lines 2-3 a good record with a note over two lines; lines 4-5 a bad decision, the
    // same; the record starts on line 4 (csv-parse's own counter says 5, where it ends)
    writeFileSync(join(work, 'd.csv'), 'id,decision,notes\nnew:N1,maybe,"two\nlines"\nnew:N2,perhaps,"two\nlines"\n');
    const r = await runCli(['screen', 'decide', '--stage', 'title-abstract', '--file', 'd.csv', '--data', work], { cwd: work });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('d.csv, line 4, column decision');
  });
});

