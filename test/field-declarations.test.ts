// Issue 8 §3: each data field is declared once (fields.ts intField) and both the validator's codec and
// the data dictionary come from that declaration. Probed on the codecs, so drift cannot pass.
import { describe, expect, it } from 'vitest';
import { intCodec } from '../src/schema/cells.js';
import { CLAIM_META } from '../src/schema/claim.js';
import { FIELD_META } from '../src/schema/fields.js';
import { OUTCOME_META } from '../src/schema/outcome.js';
import { SCREENING_META } from '../src/schema/screening.js';
import { codecOf } from '../src/schema/study.js';
import { dictionaryMarkdown } from '../src/format/dictionary.js';

const TABLES = { studies: FIELD_META, outcomes: OUTCOME_META, claims: CLAIM_META, screening: SCREENING_META } as Record<string, Record<string, { type: string; required: boolean; min?: number }>>;

describe('whole-number fields: one declaration for codec and dictionary', () => {
  const ints = Object.entries(TABLES).flatMap(([table, meta]) => Object.entries(meta).filter(([, m]) => m.min !== undefined).map(([name, m]) => [`${table}.${name}`, m] as const));
  it('there are such fields, including studies.year >= 1900 (checked but once undocumented)', () => {
    expect(ints.map(([n]) => n)).toContain('studies.year');
    expect(FIELD_META.year.type).toBe('integer >= 1900');
  });
  it.each(ints)('%s: the codec accepts the documented minimum, refuses one less, and empty iff optional', (_name, meta) => {
    const codec = intCodec(meta);
    expect(codec.safeParse(String(meta.min)).success).toBe(true);
    expect(codec.safeParse(String(meta.min! - 1)).success).toBe(false);
    expect(codec.safeParse('').success).toBe(!meta.required);
    expect(meta.type).toBe(`integer >= ${meta.min}${meta.required ? '' : ' or empty'}`);
  });
  it('the studies.csv codec for year is the declared one: 1899 refused, 1900 accepted', () => {
    expect(codecOf('year').safeParse('1899').success).toBe(false);
    expect(codecOf('year').safeParse('1900').success).toBe(true);
  });
  it('the dictionary states the bound', () => {
    expect(dictionaryMarkdown()).toContain('| `year` | integer &gt;= 1900 | yes |');
  });
});
