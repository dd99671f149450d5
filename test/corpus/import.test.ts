// Real exports collected by rispy and asreview (corpus fixtures/import). The expected counts are read
// from the files with a plain pattern (one ER line per RIS record, one PMID line per MEDLINE record),
// independently of npa's parser. The project's own small fixtures for each quirk are in
// test/fixtures/import (default suite, test/biblio/import.test.ts).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src/biblio/import.js';
import { FIXTURES, runCli, tempDir } from '../helpers.js';
import { corpusPath } from './root.js';

const SHARED = corpusPath('fixtures', 'import');
const OWN = join(FIXTURES, 'import');
const count = (text: string, re: RegExp) => text.match(re)?.length ?? 0;

describe('real-world exports: exact record counts', () => {
  const risFiles = [
    ...readdirSync(corpusPath('fixtures', 'import', 'rispy')).filter((f) => f.endsWith('.ris') && f !== 'example_wos.ris').map((f) => join('rispy', f)),
    ...readdirSync(corpusPath('fixtures', 'import', 'asreview-baseline')).filter((f) => f.endsWith('.ris')).map((f) => join('asreview-baseline', f)),
  ];
  it('finds the files', () => expect(risFiles.length).toBeGreaterThanOrEqual(18));
  it.each(risFiles)('%s', async (file) => {
    const text = readFileSync(join(SHARED, file), 'utf8');
    const r = await importFile(join(SHARED, file));
    expect(r.report.format).toBe('ris');
    expect(r.failed).toBe(false);
    expect(r.report.records).toBe(count(text, /^ER {2}-/gm));
  });
  it('asreview-baseline/_baseline_pubmed.nbib (PubMed MEDLINE, 50 records)', async () => {
    const file = join(SHARED, 'asreview-baseline', '_baseline_pubmed.nbib');
    const r = await importFile(file);
    expect(r.report.format).toBe('medline');
    expect(r.report.records).toBe(count(readFileSync(file, 'utf8'), /^PMID- /gm));
    expect(r.report.records).toBe(50);
    expect(r.report.missing).toEqual({ title: 0, year: 0, identifier: 0 });
    expect(r.report.problems).toEqual([]);
  });
  it('the same PubMed export cut anywhere inside its last record is refused as cut off; without only its closing blank line it is whole', async () => {
    const bytes = readFileSync(join(SHARED, 'asreview-baseline', '_baseline_pubmed.nbib'));
    const text = bytes.toString('utf8');
    const lastStart = Buffer.byteLength(text.slice(0, text.lastIndexOf('\nPMID- ') + 1));
    const soStart = Buffer.byteLength(text.slice(0, text.lastIndexOf('\nSO  - ') + 1));
    const dir = tempDir();
    // five cuts spread over the last record, from its PMID line to just before its SO line (a cut inside the SO
    // field itself, the last one, looks complete: npa does not read SO, so no field it reads is lost)
    for (const at of [0.05, 0.3, 0.5, 0.7, 0.99].map((f) => Math.floor(lastStart + 10 + f * (soStart - lastStart - 10)))) {
      const path = join(dir, `cut-${at}.nbib`);
      writeFileSync(path, bytes.subarray(0, at));
      const r = await importFile(path);
      expect(r.failed, `cut at byte ${at}`).toBe(true);
      expect(r.report.problems, `cut at byte ${at}`).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringContaining('every earlier record (49) ends with its SO field') })]);
    }
    const whole = join(dir, 'whole.nbib');
    writeFileSync(whole, bytes.subarray(0, bytes.length - 1)); // without its closing blank line
    const ok = await importFile(whole);
    expect([ok.failed, ok.report.records, ok.report.problems]).toEqual([false, 50, []]);
  });
  it('rispy/example_wos.ris (Web of Science plain text)', async () => {
    const file = join(SHARED, 'rispy', 'example_wos.ris');
    const r = await importFile(file);
    expect(r.report.format).toBe('wos');
    expect(r.report.records).toBe(count(readFileSync(file, 'utf8'), /^ER\s*$/gm));
    expect(r.records[0]!.record.authors.slice(0, 2)).toEqual(['Parkes-Loach, PS', 'Majeed, AP']);
    expect(r.records[0]!.record.title).toBe('Interactions stabilizing the structure of the core light-harvesting complex (LHl) of photosynthetic bacteria and its subunit (B820)');
  });
  it('asreview-baseline/_baseline.csv (Lens.org CSV) holds the same 100 records as the Lens RIS, field for field', async () => {
    // Lens puts the PMID in its CSV only, so PMIDs are not compared.
    const csv = await importFile(join(SHARED, 'asreview-baseline', '_baseline.csv'));
    const ris = await importFile(join(SHARED, 'asreview-baseline', '_baseline.ris'));
    expect(csv.report.format).toBe('csv');
    expect(csv.report.records).toBe(100);
    const byId = new Map(ris.records.map((l) => [l.record.id, l.record]));
    let compared = 0;
    for (const { record: c } of csv.records) {
      const r = byId.get(c.id);
      expect(r, c.id).toBeDefined();
      expect([c.title, c.doi, c.year, c.volume, c.issue, c.pages, c.authors.length], c.id).toEqual([r!.title, r!.doi, r!.year, r!.volume, r!.issue, r!.pages, r!.authors.length]);
      compared++;
    }
    expect(compared).toBe(100);
  });
  it('rispy/example_full.ris: repeated ids in one file get a suffix so results can be joined back', async () => {
    const r = await importFile(join(SHARED, 'rispy', 'example_full.ris'));
    expect(r.records.map((l) => l.record.id)).toEqual(['12345', '12345#2']);
    expect(r.report.renamedIds).toBe(1);
  });
});

describe('npa import on real exports', () => {
  it('--dry-run --json reports each file in the documented shape and writes nothing', async () => {
    const dir = tempDir();
    const r = await runCli(['import', join(SHARED, 'asreview-baseline', '_baseline_scopus.ris'), join(OWN, 'repeated and empty tags.ris'), '--dry-run', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.files).toHaveLength(2);
    expect(json.files[0]).toMatchObject({ format: 'ris', records: 10, missing: { title: 0, year: 0, identifier: 0 }, unmapped: { AD: 42, M3: 10, DB: 10, N1: 10 } });
    expect(json.files[1]).toMatchObject({ records: 1, unmapped: { ZZ: 2 }, missing: { identifier: 1 } });
    expect(json.records).toBe(11);
    expect(readdirSync(dir)).toEqual([]);
  });
  it('--out picks the format from the extension; the records survive a second import', async () => {
    const dir = tempDir();
    const source = join(SHARED, 'asreview-baseline', '_baseline_pubmed.nbib');
    expect((await runCli(['import', source, '--out', 'pubmed.bib'], { cwd: dir })).code).toBe(0);
    // the first record: PMID 30922926, first author Griffin, 2020, "Time lapse: …" → an author-year-word key (issue 8 §6)
    expect(readFileSync(join(dir, 'pubmed.bib'), 'utf8')).toMatch(/^@article\{griffin2020time,/);
    const again = JSON.parse((await runCli(['import', 'pubmed.bib', '--dry-run', '--json'], { cwd: dir })).stdout);
    expect(again.files[0]).toMatchObject({ format: 'bibtex', records: 50 });
  });
});

describe('npa dedupe on real exports', () => {
  it('files from several databases; ids are the inputs\' own; --out keeps one record per group', async () => {
    const dir = tempDir();
    const base = join(SHARED, 'asreview-baseline');
    const r = await runCli(['dedupe', join(base, '_baseline.ris'), join(base, '_baseline.csv'), '--json', '--out', 'unique.ris', '--decisions', 'd.json'], { cwd: dir });
    const json = JSON.parse(r.stdout);
    expect(json.records).toBe(200);
    expect(json.clusters).toHaveLength(100);
    expect(json.clusters[0].ids).toEqual(['000-463-679-101-319', '000-463-679-101-319#2']);
    expect(readFileSync(join(dir, 'unique.ris'), 'utf8').match(/^ER {2}-/gm)).toHaveLength(100);
  });
});
