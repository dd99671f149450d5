// Duplicate detection benchmark: the labelled real sets (../shared/fixtures/dedupe, scored with
// bib-dedupe's record-level metric by scripts/score-dedupe.mjs) and generated RIS exports with
// realistic duplicates at scale.
// Usage: npm run bench:dedupe [-- --sizes 10000,100000,1000000] [--no-real] [--corpus DIR]
// Each run is a fresh process under Node's default heap (so memory is that run's own peak), and
// prints: records, import and dedupe seconds, peak memory (max RSS), FP and sensitivity.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
const arg = (name) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };

if (process.argv[2] === '--child') {
  const [, , , size, dir] = process.argv;
  await child(Number(size), dir);
} else if (process.argv[2] === '--real') {
  const { scoreSet } = await import('./score-dedupe.mjs');
  const r = await scoreSet(process.argv[3]);
  const s = r.score;
  console.log([r.set, r.records, r.importS.toFixed(2), r.dedupeS.toFixed(2), (r.importS + r.dedupeS).toFixed(2), r.peakMB.toFixed(0), s.fp, s.sensitivity.toFixed(3), s.withReview.sensitivity.toFixed(3), s.reviewPairs, r.result.oversizedBlocks.length].join('\t'));
} else if (import.meta.url === `file://${process.argv[1]}` || process.argv[1] === self) {
  const sizes = (arg('--sizes') ?? '10000,100000,1000000').split(',').filter(Boolean).map(Number);
  const corpus = resolve(arg('--corpus') ?? process.env.NPA_CORPUS ?? join(self, '..', '..', '..', 'shared'));
  console.log(`node ${process.version}; ${process.env.NPA_BENCH_NOTE ?? ''}`);
  console.log(['set', 'records', 'import s', 'dedupe s (CPU s)', 'total s', 'max RSS MB', 'FP', 'sensitivity', 'sens. with review', 'review pairs', 'split blocks'].join('\t'));
  if (!process.argv.includes('--no-real')) {
    for (const set of ['haematology', 'digital_work']) {
      const dir = join(corpus, 'fixtures', 'dedupe', set);
      if (!existsSync(dir)) { console.log(`${set}\tmissing (${dir})`); continue; }
      const r = spawnSync(process.execPath, [self, '--real', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      process.stdout.write(r.status === 0 ? r.stdout : `${set}\tfailed (exit ${r.status})\n`);
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'npa-bench-dedupe-'));
  try {
    for (const size of sizes) {
      const r = spawnSync(process.execPath, [self, '--child', String(size), dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      process.stdout.write(r.status === 0 ? r.stdout : `generated\t${size}\tfailed (exit ${r.status})\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function child(size, dir) {
  const { importFile, dedupe, scoreDedupe } = await import('../dist/biblio.js');
  const path = join(dir, `export-${size}.ris`);
  const truth = await generate(size, path);
  let t = performance.now();
  const imported = await importFile(path);
  const importS = (performance.now() - t) / 1000;
  if (imported.report.records !== truth.records) throw new Error(`imported ${imported.report.records} of ${truth.records} records`);
  const records = imported.records.map((l) => l.record);
  imported.records.length = 0;
  t = performance.now();
  const cpu = process.cpuUsage();
  const result = dedupe(records);
  const dedupeS = (performance.now() - t) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuS = (used.user + used.system) / 1e6;
  const rss = process.resourceUsage().maxRSS / 1024;
  const groups = new Map();
  for (const [id, g] of truth.groupOf) { const list = groups.get(g); if (list) list.push(id); else groups.set(g, [id]); }
  const clusters = [...groups.values()].filter((g) => g.length > 1);
  const s = scoreDedupe(records.map((r) => r.id), clusters, result);
  console.log(['generated', size, importS.toFixed(2), `${dedupeS.toFixed(2)} (cpu ${cpuS.toFixed(2)})`, (importS + dedupeS).toFixed(2), rss.toFixed(0), s.fp, s.sensitivity.toFixed(4), s.withReview.sensitivity.toFixed(4), s.reviewPairs, result.oversizedBlocks.length].join('\t'));
}

// Deterministic pseudo-random numbers (mulberry32).
function rng(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function generate(size, path) {
  const random = rng(size);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const syll = ['ab', 'lat', 'ion', 'ost', 'eo', 'me', 'tas', 'ta', 'sis', 'car', 'di', 'ac', 'ne', 'ur', 'al', 'pul', 'mon', 'ary', 'gen', 'ic', 'ther', 'apy', 'ra', 'dio', 'fre', 'quen', 'cy', 'spi', 'nal', 'pel', 'vic'];
  const word = () => Array.from({ length: 2 + Math.floor(random() * 3) }, () => pick(syll)).join('');
  const vocab = Array.from({ length: 6000 }, word);
  const families = Array.from({ length: 20000 }, () => { const w = word(); return w[0].toUpperCase() + w.slice(1); });
  const given = ['Anna', 'Jens', 'Maria', 'Wei', 'Olu', 'Priya', 'José', 'Zoë', 'Łukasz', 'Søren', 'Amira', 'Kenji'];
  const journals = Array.from({ length: 800 }, () => {
    const words = Array.from({ length: 2 + Math.floor(random() * 3) }, () => pick(vocab));
    const full = ['Journal', 'of', ...words].map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');
    const abbrev = ['J', ...words.map((w) => w[0].toUpperCase() + w.slice(1, 4))].join(' ');
    return { full, abbrev };
  });
  const out = createWriteStream(path);
  const write = (s) => (out.write(s) ? undefined : new Promise((r) => out.once('drain', r)));
  const groupOf = new Map();
  let records = 0;
  let pairs = 0;
  let id = 0;
  const uniques = Math.round(size / 1.1);
  const dupsWanted = size - uniques;
  let dupsMade = 0;
  for (let u = 0; u < uniques; u++) {
    const j = pick(journals);
    const spage = 1 + Math.floor(random() * 2000);
    const base = {
      title: Array.from({ length: 8 + Math.floor(random() * 8) }, () => pick(vocab)).join(' ').replace(/^./, (c) => c.toUpperCase()),
      authors: Array.from({ length: 1 + Math.floor(random() * 6) }, () => `${pick(families)}, ${pick(given)}`),
      year: 1990 + Math.floor(random() * 35),
      journal: j.full,
      abbrev: j.abbrev,
      volume: String(1 + Math.floor(random() * 80)),
      issue: String(1 + Math.floor(random() * 12)),
      pages: `${spage}-${spage + 3 + Math.floor(random() * 15)}`,
      doi: random() < 0.8 ? `10.${1000 + Math.floor(random() * 9000)}/x${u}` : null,
      abstract: Array.from({ length: 30 }, () => pick(vocab)).join(' '),
    };
    const copies = dupsMade < dupsWanted && random() < (dupsWanted - dupsMade) / (uniques - u) ? 2 : 1;
    if (copies === 2) { dupsMade++; pairs++; }
    for (let c = 0; c < copies; c++) {
      const r = { ...base };
      if (c === 1) {
        if (random() < 0.5) r.doi = null;
        if (random() < 0.3) r.title = r.title.toUpperCase();
        if (random() < 0.3) r.title = `${r.title}.`;
        if (random() < 0.5) r.journal = r.abbrev;
        if (random() < 0.4) r.authors = r.authors.map((a) => a.replace(/, (.).*/, ' $1'));
        if (random() < 0.2) r.year += 1;
        if (random() < 0.2) { const p = r.title.length - 5; r.title = r.title.slice(0, p) + 'x' + r.title.slice(p + 1); }
      }
      id++;
      groupOf.set(String(id), u);
      records++;
      await write(`TY  - JOUR\nID  - ${id}\nTI  - ${r.title}\n${r.authors.map((a) => `AU  - ${a}\n`).join('')}PY  - ${r.year}\nT2  - ${r.journal}\nVL  - ${r.volume}\nIS  - ${r.issue}\nSP  - ${r.pages.split('-')[0]}\nEP  - ${r.pages.split('-')[1]}\n${r.doi ? `DO  - ${r.doi}\n` : ''}AB  - ${r.abstract}\nER  - \n\n`);
    }
  }
  await new Promise((r) => out.end(r));
  return { records, pairs, groupOf };
}
