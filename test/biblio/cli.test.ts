import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli, tempDir } from '../helpers.js';

const OWN = join(FIXTURES, 'import');

describe('npa import', () => {
  it('--dry-run --json reports each file in the documented shape and writes nothing', async () => {
    const dir = tempDir();
    const r = await runCli(['import', join(OWN, 'multi-line abstract and non-ASCII names.nbib'), join(OWN, 'repeated and empty tags.ris'), '--dry-run', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.files).toHaveLength(2);
    // The MEDLINE fixture: two records, both with PMID, title and year, and only tags MEDLINE maps.
    expect(json.files[0]).toMatchObject({ format: 'medline', records: 2, missing: { title: 0, year: 0, identifier: 0 }, unmapped: {} });
    expect(json.files[1]).toMatchObject({ format: 'ris', records: 1, unmapped: { ZZ: 2 }, missing: { identifier: 1 } });
    expect(json.records).toBe(3);
    expect(readdirSync(dir)).toEqual([]);
  });
  it('a damaged file: exit 2, the file and line named, nothing written even for the good files', async () => {
    const dir = tempDir();
    const r = await runCli(['import', join(OWN, 'CRLF and BOM.ris'), join(OWN, 'TY inside an open record.ris'), '--out', 'all.ris'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/TY inside an open record\.ris, line 5: record has no ER before the next record starts on line 8/);
    expect(r.stderr).toContain('--skip-bad');
    expect(readdirSync(dir)).toEqual([]);
  });
  it('--skip-bad imports the rest and lists what it skipped', async () => {
    const dir = tempDir();
    const r = await runCli(['import', join(OWN, 'TY inside an open record.ris'), '--skip-bad', '--out', 'kept.ris'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/skipped: .*TY inside an open record\.ris, line 5: no ER before line 8/);
    expect(readFileSync(join(dir, 'kept.ris'), 'utf8').match(/^ER {2}-/gm)).toHaveLength(2);
  });
  it('--out picks the format from the extension; the records survive a second import', async () => {
    const dir = tempDir();
    const source = join(OWN, 'multi-line abstract and non-ASCII names.nbib');
    expect((await runCli(['import', source, '--out', 'pubmed.bib'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, 'pubmed.bib'), 'utf8')).toMatch(/^@article\{11111111,/);
    const again = JSON.parse((await runCli(['import', 'pubmed.bib', '--dry-run', '--json'], { cwd: dir })).stdout);
    expect(again.files[0]).toMatchObject({ format: 'bibtex', records: 2 });
  });
  it('bad usage and unreadable input exit 2', async () => {
    expect((await runCli(['import', join(OWN, 'items.json')])).stderr).toContain('--out FILE');
    expect((await runCli(['import', 'nope.ris', '--dry-run'])).code).toBe(2);
    expect((await runCli(['import', join(OWN, 'items.json'), '--dry-run', '--from', 'endnote'])).stderr).toContain('--from: unknown value "endnote"');
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.txt'), 'just some words\nnothing bibliographic\n');
    const r = await runCli(['import', 'notes.txt', '--dry-run'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('notes.txt: not a format npa reads');
  });
});

describe('npa export', () => {
  it('RIS of ref 1 is the citation of the Sources list, field by field', async () => {
    const r = await runCli(['export', '--format', 'ris', '--ref', '1']);
    expect(r.code).toBe(0);
    // Written by hand from the review's Sources entry 1 and the RIS specification.
    expect(r.stdout).toBe(
      [
        'TY  - JOUR',
        'ID  - 1',
        'TI  - Radiofrequency Ablation for the Palliative Treatment of Bone Metastases: Outcomes from the Multicenter OsteoCool Tumor Ablation Post-Market Study (OPuS One Study) in 100 Patients',
        'AU  - Levy, J', 'AU  - Hopkins, T', 'AU  - Morris, J', 'AU  - Tran, ND', 'AU  - David, E', 'AU  - Massari, F',
        'PY  - 2020',
        'T2  - Journal of vascular and interventional radiology',
        'VL  - 31',
        'IS  - 11',
        'SP  - 1745',
        'EP  - 1752',
        'DO  - 10.1016/j.jvir.2020.07.014',
        'ER  - ',
        '',
      ].join('\n'),
    );
  });
  it('every exported record has TY, PY and ER; --unique gives the 53 publications', async () => {
    const r = await runCli(['export', '--format', 'ris', '--unique']);
    expect(r.stdout.match(/^TY {2}- JOUR$/gm)).toHaveLength(53);
    expect(r.stdout.match(/^PY {2}- \d{4}$/gm)).toHaveLength(53);
    expect(r.stdout.match(/^ER {2}- $/gm)).toHaveLength(53);
  });
  it('exported RIS imports back with the same titles, DOIs and PMIDs', async () => {
    const dir = tempDir();
    await runCli(['export', '--format', 'ris', '--out', 'all.ris'], { cwd: dir });
    const back = JSON.parse((await runCli(['import', 'all.ris', '--out', 'all.json', '--json'], { cwd: dir })).stdout);
    expect(back.files[0].records).toBe(57);
    const records = JSON.parse(readFileSync(join(dir, 'all.json'), 'utf8'));
    const listed = JSON.parse((await runCli(['list', '--json'])).stdout);
    expect(records.map((x: { title: string; doi: string | null; pmid: string | null }) => [x.title, x.doi, x.pmid])).toEqual(
      listed.map((s: { title: string; doi: string | null; pmid: string | null }) => [s.title, s.doi?.toLowerCase() ?? null, s.pmid]),
    );
  });
  it('bibtex, csljson and csv exports are readable by npa import', async () => {
    const dir = tempDir();
    for (const format of ['bibtex', 'csljson', 'csv']) {
      await runCli(['export', '--format', format, '--out', `x.${format}`], { cwd: dir });
      const r = JSON.parse((await runCli(['import', `x.${format}`, '--dry-run', '--json'], { cwd: dir })).stdout);
      expect(r.files[0].records, format).toBe(57);
    }
  });
  it('an unknown --format is exit 2', async () => {
    expect((await runCli(['export', '--format', 'endnote'])).code).toBe(2);
  });
});

describe('npa dedupe', () => {
  it('on the shipped dataset: the four repeat listings, as JSON with the documented shape', async () => {
    const dir = tempDir();
    const r = await runCli(['dedupe', '--json', '--decisions', join(dir, 'd.json')]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.records).toBe(57);
    expect(json.clusters.map((c: { keep: string; ids: string[] }) => c.ids)).toEqual([['1', '28'], ['3', '40'], ['9', '43'], ['25', '49']]);
    for (const c of json.clusters) {
      expect(c).toEqual({ keep: expect.any(String), ids: expect.any(Array), rule: expect.any(String), score: expect.any(Number), matched: expect.any(Array), merged: expect.any(Object), provenance: expect.any(Object) });
    }
    expect(json.maybe).toEqual([]);
  });
  it('files from several databases; ids are the inputs\' own; --out keeps one record per group', async () => {
    const dir = tempDir();
    // The same two publications as a RIS and a CSV export with the same database ids.
    writeFileSync(join(dir, 'a.ris'), 'TY  - JOUR\nID  - L-1\nTI  - Ablation of spinal metastases\nAU  - Doe, J\nPY  - 2019\nDO  - 10.1000/x.1\nER  - \n\nTY  - JOUR\nID  - L-2\nTI  - Cryoablation of pelvic metastases\nAU  - Roe, R\nPY  - 2020\nER  - \n');
    writeFileSync(join(dir, 'b.csv'), 'ID,Title,Authors,Year,DOI\nL-1,Ablation of spinal metastases,"Doe, J",2019,10.1000/x.1\nL-2,Cryoablation of pelvic metastases,"Roe, R",2020,\n');
    const r = await runCli(['dedupe', 'a.ris', 'b.csv', '--json', '--out', 'unique.ris', '--decisions', 'd.json'], { cwd: dir });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.records).toBe(4);
    expect(json.clusters.map((c: { ids: string[] }) => c.ids)).toEqual([['L-1', 'L-1#2'], ['L-2', 'L-2#2']]);
    expect(readFileSync(join(dir, 'unique.ris'), 'utf8').match(/^ER {2}-/gm)).toHaveLength(2);
  });
  it('--mark-different is recorded and applied on later runs; --mark-same likewise', async () => {
    const dir = tempDir();
    const decisions = join(dir, 'decisions.json');
    const first = JSON.parse((await runCli(['dedupe', '--json', '--decisions', decisions, '--mark-different', '9,43'])).stdout);
    expect(first.clusters.map((c: { ids: string[] }) => c.ids)).toEqual([['1', '28'], ['3', '40'], ['25', '49']]);
    expect(JSON.parse(readFileSync(decisions, 'utf8'))).toEqual({ same: [], different: [['9', '43']] });
    const later = JSON.parse((await runCli(['dedupe', '--json', '--decisions', decisions])).stdout);
    expect(later.clusters).toHaveLength(3);
    await runCli(['dedupe', '--json', '--decisions', decisions, '--mark-same', '9,43']);
    expect(JSON.parse(readFileSync(decisions, 'utf8'))).toEqual({ same: [['9', '43']], different: [] });
  });
  it('an unknown id in --mark-same is exit 2 and records nothing', async () => {
    const dir = tempDir();
    const decisions = join(dir, 'decisions.json');
    const r = await runCli(['dedupe', '--decisions', decisions, '--mark-same', '9,999']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no record has the id "999"');
    expect(existsSync(decisions)).toBe(false);
  });
  it('a corrupt decisions file is named, exit 2', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'd.json'), '{"same": [["1"]]}');
    const r = await runCli(['dedupe', '--decisions', join(dir, 'd.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"same" must be a list of [id, id] pairs');
  });
});
