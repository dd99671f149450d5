// Scores npa's duplicate detection on a labelled set in bib-dedupe's format (records.csv + clusters.csv),
// with bib-dedupe's record-level metric. Usage: node scripts/score-dedupe.mjs DIR [--json] [--fp] [--fn]
// (after npm run build). --fp / --fn list the false merges / missed duplicates for study.
import { readFileSync } from 'node:fs';
import { join, basename } from 'node:path';

export async function scoreSet(dir) {
  const { importFile, dedupe, scoreDedupe, parseClusters } = await import('../dist/biblio.js');
  const t0 = performance.now();
  const imported = await importFile(join(dir, 'records.csv'));
  const t1 = performance.now();
  const records = imported.records.map((l) => l.record);
  const result = dedupe(records);
  const t2 = performance.now();
  const truth = parseClusters(readFileSync(join(dir, 'clusters.csv'), 'utf8'));
  const score = scoreDedupe(records.map((r) => r.id), truth, result);
  return { set: basename(dir), records: records.length, importS: (t1 - t0) / 1000, dedupeS: (t2 - t1) / 1000, peakMB: process.resourceUsage().maxRSS / 1024, score, result, records_: records, truth };
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node scripts/score-dedupe.mjs DIR [--json] [--fp] [--fn] [--maybe]');
    process.exit(2);
  }
  const r = await scoreSet(dir);
  const s = r.score;
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ set: r.set, records: r.records, import_s: r.importS, dedupe_s: r.dedupeS, peak_mb: r.peakMB, ...s }, null, 2));
  } else {
    console.log(`${r.set}: ${r.records} records; FP ${s.fp} TP ${s.tp} FN ${s.fn} TN ${s.tn}; sensitivity ${s.sensitivity.toFixed(3)} (auto), ${s.withReview.sensitivity.toFixed(3)} (counting the review list, a person merging its true pairs; FP ${s.withReview.fp}, or ${s.acceptAllFp} if every pair were merged); review list ${s.reviewPairs} (${s.reviewTrue} true); import ${r.importS.toFixed(2)} s, dedupe ${r.dedupeS.toFixed(2)} s; peak RSS ${r.peakMB.toFixed(0)} MB`);
  }
  const byId = new Map(r.records_.map((x) => [x.id, x]));
  const clusterOf = new Map();
  r.truth.forEach((c, i) => c.forEach((id) => clusterOf.set(id, i)));
  const show = (id) => {
    const x = byId.get(id);
    return x ? `  ${id} | ${x.type} | ${x.title} | ${x.authors.slice(0, 2).join(' & ')} | ${x.year} | ${x.journal} | v${x.volume} n${x.issue} p${x.pages} | ${x.doi ?? ''}` : `  ${id} (missing)`;
  };
  if (process.argv.includes('--fp')) {
    for (const c of r.result.clusters) {
      const cls = new Set(c.ids.map((id) => clusterOf.get(id) ?? `u${id}`));
      if (cls.size > 1) console.log(`FALSE MERGE (${c.rule}):\n${c.ids.map(show).join('\n')}`);
    }
  }
  if (process.argv.includes('--fn')) {
    const groupOf = new Map();
    for (const c of r.result.clusters) for (const id of c.ids) groupOf.set(id, c.keep);
    const maybeOf = new Map();
    for (const m of r.result.maybe) { maybeOf.set(m.ids.join('|'), m.reason); maybeOf.set([...m.ids].reverse().join('|'), m.reason); }
    for (const c of r.truth) {
      const groups = new Set(c.map((id) => groupOf.get(id) ?? id));
      if (groups.size > 1) {
        const reasons = [];
        for (let i = 0; i < c.length; i++) for (let j = i + 1; j < c.length; j++) { const m = maybeOf.get(`${c[i]}|${c[j]}`); if (m) reasons.push(m); }
        console.log(`MISSED${reasons.length ? ` (review: ${reasons.join('; ')})` : ''}:\n${c.map((id) => `${show(id)}  [group ${groupOf.get(id) ?? id}]`).join('\n')}`);
      }
    }
  }
  if (process.argv.includes('--maybe')) {
    for (const m of r.result.maybe) {
      const t = clusterOf.has(m.ids[0]) && clusterOf.get(m.ids[0]) === clusterOf.get(m.ids[1]);
      console.log(`${t ? 'TRUE ' : 'false'} ${m.score} ${m.reason}`);
    }
  }
}
