// Startup benchmark: wall time of `npa summary` on the shipped data against a bare `node -e 0`,
// both spawned the same way, median of N runs after warm-up. The target: ratio <= 1.5.
// Usage: npm run bench [-- --runs 30]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 30;
const bin = fileURLToPath(new URL('../bin/npa.js', import.meta.url));
const cacheDir = mkdtempSync(join(tmpdir(), 'npa-bench-cache-'));

function median(args, env = {}) {
  const times = [];
  for (let i = 0; i < runs + 3; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'ignore'], env: { ...process.env, NPA_CACHE_DIR: cacheDir, ...env } });
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
    if (i >= 3) times.push(Number(process.hrtime.bigint() - start) / 1e6); // the first 3 warm the disk cache
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

// A 100-study input for `npa meta` (the target: well under 0.25 s): proportions 5..45%, n 40..400.
const metaCsv = join(cacheDir, 'meta-100.csv');
writeFileSync(metaCsv, ['study,xi,ni', ...Array.from({ length: 100 }, (_, i) => {
  const n = 40 + ((i * 37) % 361);
  return `s${i + 1},${Math.round(n * (0.05 + ((i * 13) % 41) / 100))},${n}`;
})].join('\n') + '\n');

const cases = [
  ['node -e 0 (baseline)', ['-e', '0']],
  ['npa --version', [bin, '--version']],
  ['npa summary', [bin, 'summary']],
  ['npa summary --json', [bin, 'summary', '--json']],
  ['npa list --format csv', [bin, 'list', '--format', 'csv']],
  ['npa summary, no dataset cache', [bin, 'summary'], { NPA_NO_CACHE: '1' }],
  ['npa validate (always full)', [bin, 'validate']],
  ['npa meta, 100 studies (REML, PLO)', [bin, 'meta', '--input', metaCsv]],
  ['npa meta, 100 studies, --test knha --leave-one-out', [bin, 'meta', '--input', metaCsv, '--test', 'knha', '--leave-one-out']],
];
const baseline = median(cases[0][1]);
console.log(`node ${process.version}, ${runs} runs each, median wall time`);
console.log('case'.padEnd(52), 'ms'.padStart(7), 'ratio'.padStart(7));
for (const [label, args, env] of cases) {
  const ms = label.startsWith('node') ? baseline : median(args, env);
  console.log(label.padEnd(52), ms.toFixed(1).padStart(7), (ms / baseline).toFixed(2).padStart(7));
}
rmSync(cacheDir, { recursive: true, force: true });
