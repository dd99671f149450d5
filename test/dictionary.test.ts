import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dictionaryMarkdown } from '../src/format/dictionary.js';
import { FIELD_NAMES } from '../src/schema/study.js';
import { ROOT } from './helpers.js';

describe('data/DICTIONARY.md', () => {
  it('is exactly what the schema generates (run `npm run dictionary` after changing the schema)', () => {
    expect(readFileSync(join(ROOT, 'data', 'DICTIONARY.md'), 'utf8')).toBe(dictionaryMarkdown());
  });
  it('documents every column of the shipped studies.csv, in order', () => {
    const header = readFileSync(join(ROOT, 'data', 'studies.csv'), 'utf8').split('\n')[0]!.split(',');
    expect(header).toEqual(FIELD_NAMES);
    for (const name of FIELD_NAMES) expect(dictionaryMarkdown()).toContain(`| \`${name}\` |`);
  });
});
