// npa lookup, check-retractions and search pubmed end to end, against the replay server. The expected
// proposals follow from the fixtures by construction (test/fixtures/online/README.md): ref 1 matches
// PubMed 90000001 and DOI 10.5555/npa-test.0001 on every field; ref 2's PubMed record carries another DOI
// than studies.csv (a conflict); ref 3 has only near matches; ref 4 is complete and retracted.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../src/load/paths.js';
import { fixtureReview, row, runCli, tempDataset, toCsv } from '../helpers.js';
import { fixture, json, startReplay, text, type Replay, type Reply } from './replay.js';

const RECORDS = fixture('pubmed-records.nbib').split(/\n\n(?=PMID- )/).map((r) => r.trim() + '\n');
const recordOf = (pmid: string) => RECORDS.find((r) => r.startsWith(`PMID- ${pmid}\n`));

/** A MEDLINE record made up for the search tests (same documented shape as pubmed-records.nbib). */
const searchRecord = (pmid: string) => `PMID- ${pmid}\nOWN - NLM\nDP  - 2023 Jan\nTI  - Fictitious search result ${pmid}.\nFAU - Test, Author\nAU  - Test A\nPT  - Journal Article\nTA  - Test J\nJT  - Test journal\n`;

const STRATEGY = 'radiofrequency ablation[tiab] AND bone metastases[tiab]';
let searchIds = ['90000101', '90000102', '90000103', '90000104', '90000105', '90000106', '90000107'];

function route(url: URL): Reply | null {
  const p = url.searchParams;
  if (url.pathname.endsWith('/ecitmatch.cgi')) {
    const key = (p.get('bdata') ?? '').split('|')[5];
    const line = fixture('ecitmatch.txt').split('\n').find((l) => l.split('|')[5] === key);
    return text(line ? `${line}\n` : '');
  }
  if (url.pathname.endsWith('/esearch.fcgi')) {
    const term = p.get('term') ?? '';
    let ids: string[] = [];
    let translation = term;
    if (term === '"10.5555/npa-test.0002"[aid]') ids = ['90000002'];
    if (term === STRATEGY) {
      ids = searchIds;
      translation = '"radiofrequency ablation"[Title/Abstract] AND "bone metastases"[Title/Abstract]';
    }
    const start = Number(p.get('retstart') ?? 0);
    const max = Number(p.get('retmax') ?? 20);
    const page = ids.slice(start, start + max);
    return json({ header: { type: 'esearch', version: '0.3' }, esearchresult: { count: String(ids.length), retmax: String(page.length), retstart: String(start), idlist: page, translationset: [], querytranslation: translation } });
  }
  if (url.pathname.endsWith('/efetch.fcgi')) {
    const ids = (p.get('id') ?? '').split(',').filter(Boolean);
    return text(ids.map((id) => recordOf(id) ?? (Number(id) >= 90000100 ? searchRecord(id) : '')).filter(Boolean).join('\n'));
  }
  if (url.pathname.endsWith('/crossref/works')) {
    const q = p.get('query.bibliographic') ?? '';
    if (q.startsWith('Doe J')) return json(fixture('crossref-query-doe.json'));
    if (q.startsWith('Poe A')) return json(fixture('crossref-query-poe.json'));
    return json({ status: 'ok', 'message-type': 'work-list', 'message-version': '1.0.0', message: { facets: {}, 'total-results': 0, items: [], 'items-per-page': 5, query: { 'start-index': 0 } } });
  }
  const work = /\/crossref\/works\/(.+)$/.exec(url.pathname);
  if (work) {
    const doi = decodeURIComponent(work[1]!);
    if (doi === '10.5555/npa-test.0001') return json(fixture('crossref-work-0001.json'));
    if (doi === '10.5555/npa-test.0005') return json(fixture('crossref-work-0005.json'));
    return { status: 404, body: fixture('crossref-404.txt') };
  }
  return null;
}

let replay: Replay;
beforeAll(async () => {
  replay = await startReplay(route);
});
afterAll(async () => {
  await replay.close();
});

function workspace(review: Record<string, unknown> = fixtureReview()): string {
  return tempDataset(
    toCsv([
      row({ ref: 1, authors: 'Doe J, Smith A', first_author: 'Doe J', year: 2018, title: 'Radiofrequency ablation of painful spinal metastases: a prospective cohort', journal: 'Journal of vascular and interventional radiology', volume: '29', issue: '3', pages: '345-52' }),
      row({ ref: 2, authors: 'Roe R', first_author: 'Roe R', year: 2019, title: 'Cryoablation versus radiofrequency ablation for pelvic bone metastases', journal: 'Skeletal radiology', volume: '48', issue: '7', pages: '1021-9', doi: '10.5555/npa-test.0002', doi_source: 'https://example.org/curated-page' }),
      row({ ref: 3, authors: 'Poe A', first_author: 'Poe A', year: 2020, title: 'Microwave ablation of sacral metastases', journal: 'Cardiovascular and interventional radiology', volume: '43', pages: '88-95' }),
      row({ ref: 4, authors: 'Moe O', first_author: 'Moe O', year: 2016, title: 'Combined ablation and cementoplasty of acetabular metastases', journal: 'European radiology', volume: '26', pages: '501-8', pmid: '90000005', pmid_source: 'https://example.org/curated', doi: '10.5555/npa-test.0005', doi_source: 'https://example.org/curated' }),
    ]),
    review,
  );
}

const net = () => ['--eutils-url', replay.eutils, '--crossref-url', replay.crossref, '--email', 'tests@example.org'];
const env = { NPA_NO_CACHE: '1', NCBI_API_KEY: 'test-key' };
const studiesOf = (dir: string) => parse(readFileSync(join(dir, 'studies.csv'), 'utf8'), { columns: true }) as Record<string, string>[];

describe('npa lookup', () => {
  it('refuses the shipped review (exit 2) and says to use a workspace', async () => {
    const r = await runCli(['lookup', '--data', defaultDataDir(), ...net()], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/shipped review \(read-only\).*npa init/);
    const inside = await runCli(['check-retractions', '--data', join(defaultDataDir(), 'versions'), ...net()], { env });
    expect(inside.code).toBe(2);
  });

  it('proposes with evidence, writes only the confident matches with --accept, and reports the conflict', async () => {
    const dir = workspace();
    const before = readFileSync(join(dir, 'studies.csv'), 'utf8');
    const dry = await runCli(['lookup', '--data', dir, '--json', ...net()], { env });
    expect(dry.code, dry.stderr).toBe(0);
    expect(readFileSync(join(dir, 'studies.csv'), 'utf8')).toBe(before); // nothing written without --accept
    const report = JSON.parse(dry.stdout) as { proposals: { ref: number; field: string; value: string; status: string; agree: string[]; disagree: string[]; via: string[]; url: string; candidate: { title: string; year: number } }[] };
    const find = (ref: number, field: string, value: string) => report.proposals.find((p) => p.ref === ref && p.field === field && p.value === value);
    const pmid1 = find(1, 'pmid', '90000001')!;
    expect(pmid1.status).toBe('confident');
    expect(pmid1.via).toEqual(['ECitMatch']);
    expect(pmid1.agree).toEqual(['title', 'first_author', 'year', 'journal', 'volume', 'first_page']);
    expect(pmid1.url).toBe('https://pubmed.ncbi.nlm.nih.gov/90000001/');
    expect(find(1, 'doi', '10.5555/npa-test.0001')).toMatchObject({ status: 'confident', via: ['Crossref query', 'PubMed record 90000001'] });
    expect(find(1, 'doi', '10.5555/npa-test.0777')).toMatchObject({ status: 'review' });
    // ref 2: found by its DOI, but the PubMed record carries another DOI.
    expect(find(2, 'pmid', '90000002')).toMatchObject({ status: 'conflict', via: ['ESearch (DOI)'] });
    // ref 3: ECitMatch is ambiguous; one candidate is a year off, the other another paper; Crossref's has another author.
    expect(find(3, 'pmid', '90000003')).toMatchObject({ status: 'review', candidate: { year: 2021 } });
    expect(find(3, 'pmid', '90000004')!.disagree).toContain('title');
    expect(find(3, 'doi', '10.5555/npa-test.0303')).toMatchObject({ status: 'review', disagree: ['first_author'] });
    expect(report.proposals.filter((p) => p.ref === 4)).toEqual([]);
    // Every E-utility request carries tool, email and the API key; every Crossref request the polite pool's mailto.
    const ncbi = replay.requests.filter((u) => u.pathname.includes('/entrez/eutils/'));
    const crossref = replay.requests.filter((u) => u.pathname.includes('/crossref/'));
    expect(ncbi.length).toBeGreaterThan(0);
    for (const u of ncbi) expect([u.searchParams.get('tool'), u.searchParams.get('email'), u.searchParams.get('api_key')]).toEqual(['npa', 'tests@example.org', 'test-key']);
    for (const u of crossref) expect(u.searchParams.get('mailto')).toBe('tests@example.org');

    const accepted = await runCli(['lookup', '--data', dir, '--accept', '--offline', '--eutils-url', replay.eutils, '--crossref-url', replay.crossref], { env });
    expect(accepted.code, accepted.stderr).toBe(0);
    const rows = studiesOf(dir);
    expect(rows[0]).toMatchObject({ pmid: '90000001', doi: '10.5555/npa-test.0001' });
    expect(rows[0]!.pmid_source).toMatch(/^https:\/\/pubmed\.ncbi\.nlm\.nih\.gov\/90000001\/ \(npa lookup \d{4}-\d{2}-\d{2}: found by ECitMatch; title, first_author, year, journal, volume, first_page agree\)$/);
    expect(rows[0]!.doi_source).toMatch(/^https:\/\/pubmed\.ncbi\.nlm\.nih\.gov\/90000001\/ \(npa lookup/);
    expect(rows[1]).toMatchObject({ pmid: '', doi: '10.5555/npa-test.0002', doi_source: 'https://example.org/curated-page' });
    expect(rows[2]).toMatchObject({ pmid: '', doi: '' });
    // Rows that did not change keep their bytes.
    const lines = readFileSync(join(dir, 'studies.csv'), 'utf8').split('\n');
    expect(lines[2]).toBe(before.split('\n')[2]);
    const pending = readFileSync(join(dir, 'lookup-pending.csv'), 'utf8');
    expect(pending).toContain('90000002,conflict');
    expect(pending).not.toContain('90000001,confident');
    const valid = await runCli(['validate', '--data', dir]);
    expect(valid.code, valid.stdout).toBe(0);
  });

  it('a second run needs no network: --offline answers from the cache alone', async () => {
    const dir = workspace();
    const first = await runCli(['lookup', '--data', dir, '--json', ...net()], { env });
    const sent = replay.requests.length;
    const again = await runCli(['lookup', '--data', dir, '--json', '--offline', '--eutils-url', replay.eutils, '--crossref-url', replay.crossref], { env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(first.stdout);
    expect(replay.requests.length).toBe(sent);
    expect(again.stderr).toMatch(/requests sent: none; answered from the cache: ncbi \d+, crossref \d+ \(.*\); the oldest cached answer used was fetched \d{4}-\d{2}-\d{2} \(--refresh asks the services again\)/);
  });

  it('a failure half-way loses nothing: the rerun resumes from the cache', async () => {
    const dir = workspace();
    // Crossref fails for ref 3's query (after ref 1's succeeded).
    replay.route = (url) => (url.pathname.endsWith('/crossref/works') && (url.searchParams.get('query.bibliographic') ?? '').startsWith('Poe') ? { status: 500, headers: { 'Retry-After': '0' }, body: 'down' } : route(url));
    const failed = await runCli(['lookup', '--data', dir, ...net(), '--timeout', '5'], { env });
    replay.route = route;
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/crossref did not answer .* after 4 attempts \(HTTP 500: down\).*resume/);
    const sentBefore = replay.requests.length;
    const resumed = await runCli(['lookup', '--data', dir, '--json', ...net()], { env });
    expect(resumed.code, resumed.stderr).toBe(0);
    // Only what was not fetched before goes out: ref 3's Crossref query (the rest is cached).
    const fresh = replay.requests.slice(sentBefore);
    expect(fresh.map((u) => u.pathname.replace(/^.*\//, ''))).toEqual(['works']);
  }, 30000);
});

describe('npa check-retractions', () => {
  it('reports notices from PubMed and Crossref (Retraction Watch included), keeps them, and validate warns', async () => {
    const dir = workspace();
    const r = await runCli(['check-retractions', '--data', dir, '--json', ...net()], { env });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { checked: number[]; no_identifier: number[]; unknown_doi: { ref: number }[]; notices: { ref: number; kind: string; source: string; date: string | null; link: string; notice_id: string | null }[] };
    expect(out.checked).toEqual([2, 4]);
    expect(out.no_identifier).toEqual([1, 3]);
    expect(out.unknown_doi).toEqual([{ ref: 2, doi: '10.5555/npa-test.0002' }]);
    const brief = out.notices.map((n) => [n.ref, n.kind, n.source, n.date, n.notice_id, n.link]);
    expect(brief).toEqual([
      [4, 'retraction', 'pubmed', '2019-11-12', '90000050', 'https://pubmed.ncbi.nlm.nih.gov/90000050/'],
      [4, 'correction', 'pubmed', '2017-02', '90000051', 'https://pubmed.ncbi.nlm.nih.gov/90000051/'],
      [4, 'expression_of_concern', 'pubmed', '2018-04', '90000052', 'https://pubmed.ncbi.nlm.nih.gov/90000052/'],
      [4, 'retraction', 'retraction-watch', '2019-11-12', '10.5555/npa-test.0050', 'https://doi.org/10.5555/npa-test.0050'],
      [4, 'retraction', 'crossref', '2019-11-12', '10.5555/npa-test.0050', 'https://doi.org/10.5555/npa-test.0050'],
    ]);
    expect(r.stderr).toContain(`retracted: ref 4 is counted in every statistic over the included studies; no outcome rows; no claim names it. What removing it changes: npa impact 4 --data ${dir}`);
    const stored = parse(readFileSync(join(dir, 'notices.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(stored).toHaveLength(5);
    const valid = await runCli(['validate', '--data', dir]);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toMatch(/warning: .*notices\.csv, line 2, column kind \(ref 4\): "retraction": included study ref 4 has a retraction notice \(pubmed, 2019-11-12/);
    expect(valid.stdout.match(/included study ref 4/g)).toHaveLength(1);
  });

  it('validate reports a damaged notices.csv with file, line and column', async () => {
    const dir = workspace();
    writeFileSync(join(dir, 'notices.csv'), 'ref,kind,source,notice_id,date,link,detail,checked\n4,retracted,pubmed,,2019,https://x.org,,2026-12-01\n9,retraction,pubmed,,2019,https://x.org,,2026-12-01\n');
    const valid = await runCli(['validate', '--data', dir]);
    expect(valid.code).toBe(2);
    expect(valid.stdout).toMatch(/error: .*notices\.csv, line 2, column kind \(ref 4\): "retracted": not an allowed value/);
    expect(valid.stdout).toMatch(/error: .*notices\.csv, line 3, column ref: "9": no study in studies.csv has this ref/);
  });
  it('notices.csv is read like every other table: bytes that are not UTF-8 and an empty file are errors, for validate and check-retractions alike', async () => {
    const dir = workspace();
    const header = 'ref,kind,source,notice_id,date,link,detail,checked\n';
    writeFileSync(join(dir, 'notices.csv'), Buffer.concat([Buffer.from(`${header}4,retraction,pubmed,,2019,https://x.org,M`), Buffer.from([0xfc]), Buffer.from('ller,2026-12-01\n')]));
    const bad = await runCli(['validate', '--data', dir]);
    expect(bad.code).toBe(2);
    expect(bad.stdout + bad.stderr).toMatch(/notices\.csv, line 2 \(byte offset \d+\): not valid UTF-8/);
    writeFileSync(join(dir, 'notices.csv'), '');
    const empty = await runCli(['validate', '--data', dir]);
    expect(empty.code).toBe(2);
    expect(empty.stdout + empty.stderr).toContain('the notices table is empty (0 bytes, not even a header): it is damaged');
    const check = await runCli(['check-retractions', '--data', dir, '--offline'], { env });
    expect(check.code).toBe(2);
    expect(check.stdout + check.stderr).toContain('notices.csv is damaged; nothing was changed');
    expect(readFileSync(join(dir, 'notices.csv'), 'utf8')).toBe('');
  });
});

describe('npa search pubmed', () => {
  const review = () => ({ ...fixtureReview(), search_strategies: { PubMed: { strategy: STRATEGY } }, last_search: '2022-06-01' });

  it('says what to add when review.json has no PubMed strategy', async () => {
    const r = await runCli(['search', 'pubmed', '--data', workspace(), '--who', 'T', ...net()], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no saved PubMed strategy.*search_strategies/);
  });

  it('runs the strategy page by page, saves MEDLINE with its sha256, logs it, and lists what appeared or vanished on a rerun', async () => {
    const dir = workspace(review());
    searchIds = ['90000101', '90000102', '90000103', '90000104', '90000105', '90000106', '90000107'];
    const sent = replay.requests.length;
    const first = await runCli(['search', 'pubmed', '--data', dir, '--to', '2023-06-01', '--who', 'Tester', '--json', ...net()], { env: { ...env, NPA_ESEARCH_PAGE: '3' } });
    expect(first.code, first.stderr).toBe(0);
    const m = JSON.parse(first.stdout) as { count: number; records: number; file: string; sha256: string; translation: string; from: string; to: string };
    expect(m).toMatchObject({ count: 7, records: 7, from: '2022-06-01', to: '2023-06-01', translation: '"radiofrequency ablation"[Title/Abstract] AND "bone metastases"[Title/Abstract]' });
    const esearches = replay.requests.slice(sent).filter((u) => u.pathname.endsWith('esearch.fcgi'));
    expect(esearches.map((u) => u.searchParams.get('retstart'))).toEqual(['0', '3', '6']);
    expect(esearches[0]!.searchParams.get('mindate')).toBe('2022/06/01');
    expect(esearches[0]!.searchParams.get('datetype')).toBe('edat');
    const saved = readFileSync(join(dir, m.file));
    expect(createHash('sha256').update(saved).digest('hex')).toBe(m.sha256);
    expect(saved.toString().match(/^PMID- /gm)).toHaveLength(7);
    const log = parse(readFileSync(join(dir, 'searches.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(log).toEqual([expect.objectContaining({ n: '1', database: 'PubMed', strategy: m.translation, file: m.file, sha256: m.sha256, records: '7', who: 'Tester' })]);
    // npa import reads the saved file as MEDLINE.
    const imported = await runCli(['import', join(dir, m.file), '--dry-run', '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/"format": "medline"/);

    // The same run again answers from the cache, and says so.
    const cachedRun = await runCli(['search', 'pubmed', '--data', dir, '--to', '2023-06-01', '--who', 'Tester', '--offline', '--eutils-url', replay.eutils], { env: { ...env, NPA_ESEARCH_PAGE: '3' } });
    expect(cachedRun.code, cachedRun.stderr).toBe(0);
    expect(cachedRun.stderr).toMatch(/this is PubMed's cached answer of \d{4}-\d{2}-\d{2}, not a new search: nothing was written or logged. Add --refresh/);
    expect(cachedRun.stdout).toMatch(/: 0 appeared, 0 vanished/);

    // A year later PubMed answers the same query and window differently.
    searchIds = ['90000101', '90000102', '90000103', '90000104', '90000105', '90000108'];
    const again = await runCli(['search', 'pubmed', '--data', dir, '--to', '2023-06-01', '--who', 'Tester', '--refresh', ...net()], { env: { ...env, NPA_ESEARCH_PAGE: '3' } });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/: 1 appeared, 2 vanished\n {2}appeared: 90000108\n {2}vanished: 90000106, 90000107\n/);
    const log2 = parse(readFileSync(join(dir, 'searches.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(log2.map((e) => e.n)).toEqual(['1', '2']);
    expect(log2[1]!.file).not.toBe(log2[0]!.file);
  });
});
