// Startup benchmark: wall time of `npa summary` on the shipped data against a bare `node -e 0`,
// both spawned the same way, in alternated rounds, median after warm-up. The target: ratio <= 1.3.
// Usage: npm run bench [-- --runs 30] [-- --summary: only the baseline and npa summary]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 30;
const bin = fileURLToPath(new URL('../bin/npa.js', import.meta.url));
const cacheDir = mkdtempSync(join(tmpdir(), 'npa-bench-cache-'));

// stdout to /dev/null (a character device, so npa loads node:tty to ask whether it is a terminal, as it does
// in a terminal) or, for the `| pipe` cases, to a pipe (as in `npa summary | less` or a script).
function once(args, env = {}, stdout = 'ignore') {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', stdout, 'ignore'], env: { ...process.env, NPA_CACHE_DIR: cacheDir, ...env } });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (times) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];

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
  ['npa summary | pipe', [bin, 'summary'], {}, 'pipe'],
  ['npa summary --json', [bin, 'summary', '--json']],
  ['npa list --format csv', [bin, 'list', '--format', 'csv']],
  ['npa summary, no dataset cache', [bin, 'summary'], { NPA_NO_CACHE: '1' }],
  ['npa validate (always full)', [bin, 'validate']],
  ['npa meta, 100 studies (REML, PLO)', [bin, 'meta', '--input', metaCsv]],
  ['npa meta, 100 studies, --test knha --leave-one-out', [bin, 'meta', '--input', metaCsv, '--test', 'knha', '--leave-one-out']],
];
// Alternated: each round runs every case once, so a load spike on a shared machine hits all cases alike.
// The first 3 rounds warm the disk and the dataset cache and are not counted.
const only = process.argv.includes('--summary') ? cases.filter(([label]) => label === 'node -e 0 (baseline)' || label.startsWith('npa summary') && !label.includes(',')) : cases;
const times = only.map(() => []);
for (let round = 0; round < runs + 3; round++) {
  only.forEach(([, args, env, stdout], i) => {
    const ms = once(args, env, stdout);
    if (round >= 3) times[i].push(ms);
  });
}
const baseline = median(times[0]);
console.log(`node ${process.version}, ${runs} alternated rounds, median wall time`);
console.log('case'.padEnd(52), 'ms'.padStart(7), 'ratio'.padStart(7));
only.forEach(([label], i) => {
  const ms = median(times[i]);
  console.log(label.padEnd(52), ms.toFixed(1).padStart(7), (ms / baseline).toFixed(2).padStart(7));
});
rmSync(cacheDir, { recursive: true, force: true });
