// What `npa meta` pools: rows of the dataset's outcomes.csv, or a CSV given with --input, turned into
// metafor-style escalc() input with one label per study and a note for every study left out.
import type { EscalcInput, Measure } from '../meta/escalc.js';
import type { Outcome } from '../schema/outcome.js';
import type { OutcomeKind, Severity, Unit } from '../schema/vocab.js';
import type { Study } from '../schema/study.js';
import { UsageError, DataError } from '../errors.js';
import type { Issue } from '../issues.js';
import { readCsv } from '../load/read-csv.js';
import { PROPORTION_MEASURES } from './choices.js';
import { numCell } from '../schema/cells.js';

const NUMBER = numCell();

/**
 * Rows no study can have: negative counts, standard deviations or variances; more events than
 * participants; a correlation outside [-1, 1]. Refused (with file, line and column), never left out.
 */
function impossibleValues(records: Record<string, string>[], column: Map<string, string>, file: string, lineOf: (i: number) => number): Issue[] {
  const issues: Issue[] = [];
  const value = (key: string, row: Record<string, string>) => {
    const name = column.get(key);
    const cell = name === undefined ? undefined : row[name];
    return cell === undefined || cell === '' || /^na$/i.test(cell) ? null : Number(cell);
  };
  const bad = (i: number, key: string, row: Record<string, string>, message: string) =>
    issues.push({ severity: 'error', code: 'impossible_value', file, line: lineOf(i), column: column.get(key)!, value: row[column.get(key)!] ?? '', message });
  records.forEach((row, i) => {
    for (const key of ['xi', 'ni', 'ai', 'bi', 'ci', 'di', 'n1i', 'n2i', 'sd1i', 'sd2i', 'vi', 'sei']) {
      const v = value(key, row);
      if (v !== null && v < 0) bad(i, key, row, key === 'vi' ? 'a variance cannot be negative' : key === 'sei' || key.startsWith('sd') ? 'a standard deviation or error cannot be negative' : 'a count cannot be negative');
    }
    for (const [events, total] of [['xi', 'ni'], ['ai', 'n1i'], ['ci', 'n2i']] as const) {
      const x = value(events, row);
      const n = value(total, row);
      if (x !== null && n !== null && x > n) bad(i, events, row, `more events than participants (${x} > ${total} = ${n})`);
    }
    const r = value('ri', row);
    if (r !== null && (r < -1 || r > 1)) bad(i, 'ri', row, 'a correlation lies between -1 and 1');
  });
  return issues;
}

export interface MetaInput {
  labels: string[];
  input: EscalcInput;
  /** Subgroup of each study, when asked for. */
  groups: string[] | null;
  /** Every study considered but not pooled, and why. */
  excluded: { label: string; reason: string }[];
  /** Notes on how the rows were chosen or combined. */
  notes: string[];
  /** Each row's ref in studies.csv and publication year, when known (forest plot: --rob, --sort year). */
  refs?: (number | null)[];
  years?: (number | null)[];
  /** Every column of each study's row (CSV cells, or the study's fields), for --mods and --cumulative. */
  records?: Record<string, string>[];
}


export interface OutcomeSelection {
  outcome: OutcomeKind;
  measure: Measure;
  unit?: Unit;
  severity?: Severity;
  subgroup?: keyof Study;
}

const label = (s: Study) => `${s.first_author} ${s.year} [${s.ref}]`;

/** Outcome rows of the studies in scope → one proportion (or mean change) per study. */
export function fromOutcomes(studies: readonly Study[], outcomes: readonly Outcome[], sel: OutcomeSelection): MetaInput {
  const excluded: MetaInput['excluded'] = [];
  const notes: string[] = [];
  const labels: string[] = [];
  const groups: string[] = [];
  const refs: number[] = [];
  const years: (number | null)[] = [];
  const records: Record<string, string>[] = [];
  const unique = studies.filter((s) => s.duplicate_of === null);
  if (unique.length < studies.length) notes.push(`${studies.length - unique.length} repeat listing(s) of the Sources list left out (their outcomes are attached to the first listing).`);
  const severity = sel.outcome === 'complications' ? sel.severity ?? 'any' : undefined;
  const rowsFor = (s: Study) =>
    outcomes.filter((o) => o.ref === s.ref && o.outcome === sel.outcome && (severity === undefined || o.severity === severity) && (sel.unit === undefined || o.unit === sel.unit));
  const xi: number[] = [];
  const ni: number[] = [];
  const mc = { m1i: [] as number[], m2i: [] as number[], sd1i: [] as (number | null)[], sd2i: [] as (number | null)[], ni: [] as number[], ri: [] as (number | null)[] };
  for (const s of unique) {
    const rows = rowsFor(s);
    if (rows.length === 0) {
      excluded.push({ label: label(s), reason: `no ${sel.outcome}${severity ? ` (${severity})` : ''}${sel.unit ? ` per ${sel.unit.replace(/s$/, '')}` : ''} data` });
      continue;
    }
    const whole = rows.filter((o) => o.arm === 'all');
    const use = whole.length ? whole : rows;
    if (use.length > 1 && whole.length > 1) {
      excluded.push({ label: label(s), reason: `${use.length} rows (time points ${use.map((o) => o.time ?? '?').join(', ')}): narrow the selection` });
      continue;
    }
    if (sel.measure === 'MC') {
      const o = use[0]!;
      mc.m1i.push(o.baseline_mean ?? Number.NaN);
      mc.m2i.push(o.followup_mean ?? Number.NaN);
      mc.sd1i.push(o.baseline_sd);
      mc.sd2i.push(o.followup_sd);
      mc.ni.push(o.n ?? Number.NaN);
      mc.ri.push(null);
    } else {
      if (!whole.length) notes.push(`${label(s)}: arms ${use.map((o) => `"${o.arm}"`).join(' and ')} added together (${use.map((o) => `${o.events}/${o.denominator}`).join(' + ')}).`);
      xi.push(use.reduce((n, o) => n + (o.events ?? 0), 0));
      ni.push(use.reduce((n, o) => n + (o.denominator ?? 0), 0));
    }
    const units = [...new Set(use.map((o) => o.unit).filter(Boolean))];
    labels.push(`${label(s)}${units.length ? ` (${units.join('/')})` : ''}`);
    groups.push(sel.subgroup ? String(s[sel.subgroup] ?? '(none)') : '');
    refs.push(s.ref);
    years.push(s.year ?? null);
    records.push(Object.fromEntries(Object.entries(s).map(([key, v]) => [key, v === null || v === undefined ? '' : String(v)])));
  }
  if (sel.measure !== 'MC' && !sel.unit) {
    const units = new Set(outcomes.filter((o) => o.outcome === sel.outcome && unique.some((s) => s.ref === o.ref)).map((o) => o.unit));
    if (units.size > 1) notes.push(`denominators mix ${[...units].join(', ')}; --unit pools one kind only.`);
  }
  const input: EscalcInput = sel.measure === 'MC' ? { measure: 'MC', ...mc } : { measure: sel.measure as (typeof PROPORTION_MEASURES)[number], xi, ni };
  if (sel.measure === 'MC') notes.push('MC needs the correlation between baseline and follow-up (ri); outcomes.csv has none, so studies without it are left out.');
  return { labels, input, groups: sel.subgroup ? groups : null, excluded, notes, refs, years, records };
}

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
const ALIASES: Record<string, string[]> = {
  label: ['study', 'label', 'id', 'author', 'name'],
  xi: ['xi', 'events', 'x'],
  ni: ['ni', 'total', 'n'],
  ai: ['ai'], bi: ['bi'], ci: ['ci'], di: ['di'], n1i: ['n1i'], n2i: ['n2i'],
  m1i: ['m1i'], sd1i: ['sd1i'], m2i: ['m2i'], sd2i: ['sd2i'], ri: ['ri'],
  yi: ['yi'], vi: ['vi'], sei: ['sei'],
  ref: ['ref'], year: ['year'],
};

/** A CSV of study-level data (--input): the columns say which kind of data it is. */
export function fromCsv(text: string, file: string, measure: Measure | undefined, subgroup: string | undefined): MetaInput {
  const table = readCsv(text, file, { trim: true });
  if (table.issues.length) throw new DataError(`${file} is not valid CSV`, table.issues);
  const { header } = table;
  const records = table.rows.map((r) => r.record);
  const lineOf = (i: number) => table.rows[i]!.line;
  const column = new Map<string, string>();
  for (const [key, names] of Object.entries(ALIASES)) {
    const found = header.find((h) => names.includes(squash(h)));
    if (found) column.set(key, found);
  }
  const has = (...keys: string[]) => keys.every((k) => column.has(k));
  const kind = has('yi') && (has('vi') || has('sei')) ? 'GEN'
    : has('ai', 'ci') && (has('bi', 'di') || has('n1i', 'n2i')) ? '2x2'
    : has('m1i', 'sd1i', 'm2i', 'sd2i', 'ni') && !has('n1i') ? 'MC' // ri may be absent: give --ri
    : has('m1i', 'sd1i', 'n1i', 'm2i', 'sd2i', 'n2i') ? 'means'
    : has('xi', 'ni') ? 'proportion' : null;
  if (!kind) {
    throw new UsageError(`${file}: no known set of columns. Give one of: xi,ni (proportions); ai,bi,ci,di or ai,n1i,ci,n2i (2x2); m1i,sd1i,n1i,m2i,sd2i,n2i (means); m1i,m2i,sd1i,sd2i,ni,ri (mean change); yi,vi or yi,sei (generic). Found: ${header.join(', ')}.`);
  }
  const allowed: Record<string, readonly Measure[]> = { GEN: ['GEN'], '2x2': ['RR', 'OR', 'RD'], MC: ['MC'], means: ['MD', 'SMD'], proportion: PROPORTION_MEASURES };
  // Proportions default to PLO (logit), as --help, the docs and the --outcome path say (issue 10 §7).
  const chosen = measure ?? (kind === 'proportion' ? 'PLO' : allowed[kind]![0]!);
  if (!allowed[kind]!.includes(chosen)) throw new UsageError(`--measure ${chosen} does not fit ${file}'s columns (${kind} data): use ${allowed[kind]!.join(', ')}.`);
  if (subgroup !== undefined && !header.includes(subgroup)) throw new UsageError(`--subgroup: ${file} has no column "${subgroup}". Columns: ${header.join(', ')}.`);
  const issues: Issue[] = [];
  const num = (key: string, row: Record<string, string>, i: number): number | null => {
    const name = column.get(key);
    if (!name) return null;
    const cell = row[name] ?? '';
    if (cell === '' || /^na$/i.test(cell)) return null;
    // The dataset's number codec: decimal notation only ("0x10", "Infinity", "1_000" are not numbers).
    const parsed = NUMBER.safeParse(cell);
    if (!parsed.success || parsed.data === null) {
      issues.push({ severity: 'error', code: 'not_a_number', file, line: lineOf(i), column: name, value: cell, message: !parsed.success && /too large/.test(parsed.error.issues[0]!.message) ? parsed.error.issues[0]!.message : 'not a number' });
      return null;
    }
    return parsed.data;
  };
  const vec = (key: string) => records.map((row, i) => num(key, row, i));
  const labels = records.map((row, i) => (column.has('label') ? row[column.get('label')!] || `row ${i + 1}` : `row ${i + 1}`));
  const input: EscalcInput =
    kind === 'GEN' ? { measure: 'GEN', yi: vec('yi'), ...(column.has('vi') ? { vi: vec('vi') } : { sei: vec('sei') }) }
    : kind === '2x2' ? { measure: chosen as 'RR' | 'OR' | 'RD', ai: vec('ai'), ci: vec('ci'), ...(has('bi', 'di') ? { bi: vec('bi'), di: vec('di') } : { n1i: vec('n1i'), n2i: vec('n2i') }) }
    : kind === 'MC' ? { measure: 'MC', m1i: vec('m1i'), m2i: vec('m2i'), sd1i: vec('sd1i'), sd2i: vec('sd2i'), ni: vec('ni'), ri: vec('ri') }
    : kind === 'means' ? { measure: chosen as 'MD' | 'SMD', m1i: vec('m1i'), sd1i: vec('sd1i'), n1i: vec('n1i'), m2i: vec('m2i'), sd2i: vec('sd2i'), n2i: vec('n2i') }
    : { measure: chosen as 'PR' | 'PLO' | 'PAS' | 'PFT', xi: vec('xi'), ni: vec('ni') };
  const refs = column.has('ref') ? vec('ref') : undefined;
  const years = column.has('year') ? vec('year') : undefined;
  if (issues.length) throw new DataError(`${file} has cells that are not numbers; nothing was computed`, issues);
  const impossible = impossibleValues(records, column, file, lineOf);
  if (impossible.length) throw new DataError(`${file} has impossible values; nothing was computed`, impossible);
  return { labels, input, groups: subgroup ? records.map((r) => r[subgroup] ?? '') : null, excluded: [], notes: [], refs, years, records };
}
