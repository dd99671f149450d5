import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, row, runCli, tempDataset, tempDir, toCsv } from './helpers.js';

const validCsv = () => readFileSync(join(FIXTURES, 'valid', 'studies.csv'), 'utf8');

/** An entry file as src/load/cache.ts documents it: a line `npa-cache 1 N`, N bytes of key, then JSON. */
function splitEntry(path: string): { head: Buffer; key: Buffer; json: string } {
  const bytes = readFileSync(path);
  const newline = bytes.indexOf(10);
  const m = /^npa-cache 1 (\d+)$/.exec(bytes.toString('latin1', 0, newline));
  expect(m, 'entry header').not.toBeNull();
  const end = newline + 1 + Number(m![1]);
  return { head: bytes.subarray(0, end), key: bytes.subarray(newline + 1, end), json: bytes.toString('utf8', end) };
}

describe('the validated-dataset cache', () => {
  it('a second run reads the cache and prints the same numbers', async () => {
    const cache = tempDir('npa-cache-');
    const data = tempDataset(validCsv());
    const env = { NPA_CACHE_DIR: cache };
    const first = await runCli(['summary', '--data', data, '--json'], { env });
    expect(readdirSync(cache)).toHaveLength(1);
    const second = await runCli(['summary', '--data', data, '--json'], { env });
    expect(second).toEqual(first);
    expect(JSON.parse(second.stdout).statistics[0]).toMatchObject({ id: 'included', count: 6 });
  });

  it('the second run really takes the cached path: a planted entry answers, which a fresh validation could not', async () => {
    const cache = tempDir('npa-cache-');
    const data = tempDataset(validCsv());
    const env = { NPA_CACHE_DIR: cache };
    await runCli(['summary', '--data', data], { env });
    const [entry] = readdirSync(cache);
    // Keep the key, drop the last of the six validated rows: only a read of this entry can count 5.
    const { head, key, json } = splitEntry(join(cache, entry!));
    expect(key.includes(readFileSync(join(data, 'studies.csv')))).toBe(true); // the key holds the file's bytes
    const stored = JSON.parse(json);
    expect(stored.rows).toHaveLength(6);
    stored.rows = stored.rows.slice(0, 5);
    writeFileSync(join(cache, entry!), Buffer.concat([head, Buffer.from(JSON.stringify(stored))]));
    const included = async (e: Record<string, string>) => JSON.parse((await runCli(['summary', '--data', data, '--json'], { env: e })).stdout).statistics[0];
    expect(await included(env)).toMatchObject({ id: 'included', count: 5 });
    // Without the cache the same files give the true 6.
    expect(await included({ NPA_NO_CACHE: '1' })).toMatchObject({ id: 'included', count: 6 });
  });

  it('an edit to studies.csv is a miss: invalid data is refused even after a cached valid run', async () => {
    const cache = tempDir('npa-cache-');
    const data = tempDataset(validCsv());
    const env = { NPA_CACHE_DIR: cache };
    expect((await runCli(['summary', '--data', data], { env })).code).toBe(0);
    writeFileSync(join(data, 'studies.csv'), validCsv().replace(',prospective,', ',cohort,'));
    const r = await runCli(['summary', '--data', data], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"cohort"');
  });

  it('an edit that changes a number is a miss: the new number is printed', async () => {
    const cache = tempDir('npa-cache-');
    const env = { NPA_CACHE_DIR: cache };
    const data = tempDataset(toCsv([row({ ref: 1, sites: 'spine' })]));
    const spine = async () => JSON.parse((await runCli(['summary', '--data', data, '--json'], { env })).stdout).statistics.find((s: { id: string }) => s.id === 'spine').count;
    expect(await spine()).toBe(1);
    writeFileSync(join(data, 'studies.csv'), toCsv([row({ ref: 1, sites: 'pelvis' })]));
    expect(await spine()).toBe(0);
  });

  it('an edit that keeps the file the same length is a miss (the bytes are compared, not sizes or times)', async () => {
    const cache = tempDir('npa-cache-');
    const env = { NPA_CACHE_DIR: cache };
    const data = tempDataset(toCsv([row({ ref: 1, sites: 'spine' })]));
    const spine = async () => JSON.parse((await runCli(['summary', '--data', data, '--json'], { env })).stdout).statistics.find((s: { id: string }) => s.id === 'spine').count;
    const before = readFileSync(join(data, 'studies.csv'));
    expect(await spine()).toBe(1);
    const after = toCsv([row({ ref: 1, sites: 'other' })]);
    expect(Buffer.byteLength(after)).toBe(before.length);
    writeFileSync(join(data, 'studies.csv'), after);
    expect(await spine()).toBe(0);
  });

  it('two folders with the same files keep an entry each; an entry of the older format is removed', async () => {
    const cache = tempDir('npa-cache-');
    const env = { NPA_CACHE_DIR: cache };
    const old = `${'ab'.repeat(32)}.json`;
    writeFileSync(join(cache, old), '{}');
    writeFileSync(join(cache, 'notes.json'), 'a file of the user: never touched');
    const a = await runCli(['summary', '--data', tempDataset(validCsv()), '--json'], { env });
    const b = await runCli(['summary', '--data', tempDataset(validCsv()), '--json'], { env });
    expect(b.stdout).toBe(a.stdout);
    expect(readdirSync(cache).sort()).toEqual(expect.arrayContaining(['notes.json']));
    expect(readdirSync(cache)).not.toContain(old);
    expect(readdirSync(cache).filter((f) => f.endsWith('.npa-cache'))).toHaveLength(2);
  });

  it('a corrupt cache entry is ignored and replaced', async () => {
    const cache = tempDir('npa-cache-');
    const data = tempDataset(validCsv());
    const env = { NPA_CACHE_DIR: cache };
    const first = await runCli(['summary', '--data', data, '--json'], { env });
    const [entry] = readdirSync(cache);
    writeFileSync(join(cache, entry!), '{"key": "trunc');
    expect(await runCli(['summary', '--data', data, '--json'], { env })).toEqual(first);
    expect(JSON.parse(splitEntry(join(cache, entry!)).json).rows).toHaveLength(6);
  });

  it('text beyond ASCII (accents, a dash, an emoji) reads back from the cache exactly as from the files', async () => {
    const cache = tempDir('npa-cache-');
    const data = tempDataset(toCsv([row({ ref: 1, title: 'Ablación – étude 😀 骨転移', authors: 'Barbé J, Müller K.' })]));
    const list = async (env: Record<string, string>) => (await runCli(['list', '--data', data, '--json', '--columns', 'ref,title,authors'], { env })).stdout;
    const fresh = await list({ NPA_NO_CACHE: '1' });
    expect(JSON.parse(fresh)[0].title).toBe('Ablación – étude 😀 骨転移');
    expect(await list({ NPA_CACHE_DIR: cache })).toBe(fresh); // writes the entry
    const [entry] = readdirSync(cache);
    expect(/[^\x00-\x7f]/.test(splitEntry(join(cache, entry!)).json)).toBe(false); // stored as ASCII escapes
    expect(await list({ NPA_CACHE_DIR: cache })).toBe(fresh); // reads it
  });

  it('NPA_NO_CACHE=1 writes nothing', async () => {
    const cache = tempDir('npa-cache-');
    await runCli(['summary', '--data', tempDataset(validCsv())], { env: { NPA_CACHE_DIR: cache, NPA_NO_CACHE: '1' } });
    expect(readdirSync(cache)).toEqual([]);
  });

  it('an unwritable cache folder does not break the command', async () => {
    const file = join(tempDir('npa-cache-'), 'not-a-folder');
    writeFileSync(file, 'x');
    const r = await runCli(['summary', '--data', tempDataset(validCsv())], { env: { NPA_CACHE_DIR: file } });
    expect(r.code).toBe(0);
  });
});
