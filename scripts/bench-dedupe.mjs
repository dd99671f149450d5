// Import + de-duplication benchmark on generated RIS exports with realistic duplicates.
// Usage: npm run bench:dedupe [-- --sizes 10000,100000,1000000]
// Each size runs in a fresh process (so memory is that size's own peak), and prints: records,
// import and dedupe seconds, peak memory (max RSS), and precision/recall against the known truth.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);

if (process.argv[2] === '--child') {
  const [, , , size, dir] = process.argv;
  await child(Number(size), dir);
} else {
  const arg = process.argv.indexOf('--sizes');
  const sizes = (arg > 0 ? process.argv[arg + 1] : '10000,100000,1000000').split(',').map(Number);
  const dir = mkdtempSync(join(tmpdir(), 'npa-bench-dedupe-'));
  console.log(`node ${process.version}; generated RIS exports, ~10% duplicates with perturbations`);
  console.log(['records', 'file MB', 'import s', 'dedupe s', 'total s', 'max RSS MB', 'clusters', 'precision', 'recall'].join('\t'));
  try {
    for (const size of sizes) {
      const r = spawnSync(process.execPath, ['--max-old-space-size=8192', self, '--child', String(size), dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      process.stdout.write(r.status === 0 ? r.stdout : `${size}\tfailed (exit ${r.status})\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function child(size, dir) {
  const { importFile, dedupe } = await import('../dist/biblio.js');
  const path = join(dir, `export-${size}.ris`);
  const truth = await generate(size, path);
  const { statSync } = await import('node:fs');
  const mb = statSync(path).size / 1e6;
  let t = performance.now();
  const imported = await importFile(path);
  const importS = (performance.now() - t) / 1000;
  if (imported.report.records !== truth.records) throw new Error(`imported ${imported.report.records} of ${truth.records} records`);
  t = performance.now();
  const result = dedupe(imported.records.map((l) => l.record));
  const dedupeS = (performance.now() - t) / 1000;
  const rss = process.resourceUsage().maxRSS / 1024;
  // precision / recall over pairs
  const groupOf = truth.groupOf;
  let found = 0;
  let correct = 0;
  for (const c of result.clusters) {
    for (let i = 0; i < c.ids.length; i++)
      for (let j = i + 1; j < c.ids.length; j++) {
        found++;
        if (groupOf.get(c.ids[i]) === groupOf.get(c.ids[j])) correct++;
      }
  }
  const precision = found ? correct / found : 1;
  const recall = truth.pairs ? correct / truth.pairs : 1;
  console.log([size, mb.toFixed(0), importS.toFixed(2), dedupeS.toFixed(2), (importS + dedupeS).toFixed(2), rss.toFixed(0), result.clusters.length, precision.toFixed(4), recall.toFixed(4)].join('\t'));
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

async function generate(size, path) {
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
