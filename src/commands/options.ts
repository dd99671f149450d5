// Turning raw flag strings into typed options. Every message names the flag and the accepted values.
import { Option, type Command } from 'commander';
import { UsageError } from '../errors.js';
import type { StudyFilter } from '../query/filter.js';
import { FIELD_NAMES, type FieldName } from '../schema/fields.js';
import { DESIGNS, INTERVENTIONS, SITES } from '../schema/vocab.js';
import { FORMAT_NAMES, type FormatName } from '../format/names.js';

export function oneOf<const T extends readonly string[]>(flag: string, value: string, allowed: T): T[number] {
  // Any case is accepted (--site Spine, --design RCT); the value is the list's own spelling.
  const found = allowed.find((a) => a.toLowerCase() === value.trim().toLowerCase());
  if (found !== undefined) return found as T[number];
  throw new UsageError(`${flag}: unknown value "${value}". Accepted: ${allowed.join(', ')}.`);
}

/** Repeatable flags may also take comma-separated values: --site spine,pelvis. */
export function listOf<const T extends readonly string[]>(flag: string, values: readonly string[] | undefined, allowed: T): T[number][] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean).map((v) => oneOf(flag, v, allowed));
}

/** A year or range: 2018; 2015..2020 or 2015-2020 (the --ref spelling); open ends 2015.. / ..2020 / 2015- / -2020. */
export function parseYearRange(value: string): { yearFrom?: number; yearTo?: number } {
  const m = /^\s*(\d{4})?\s*(\.\.|-|–)?\s*(\d{4})?\s*$/.exec(value);
  if (!m || (!m[1] && !m[3]) || (!m[2] && m[3] && !m[1])) {
    throw new UsageError(`--year: "${value}" is not a year or range. Use 2018, 2015..2020 (or 2015-2020), 2015.. or ..2020.`);
  }
  const from = m[1] ? Number(m[1]) : undefined;
  const to = m[2] ? (m[3] ? Number(m[3]) : undefined) : from;
  if (from !== undefined && to !== undefined && from > to) throw new UsageError(`--year: the range ${value} runs backwards (${from} > ${to}).`);
  return { yearFrom: from, yearTo: to };
}

export function parseRefs(value: string): number[] {
  return value.split(',').map((part) => {
    const trimmed = part.trim();
    const range = /^(\d+)-(\d+)$/.exec(trimmed);
    if (range) {
      const [a, b] = [Number(range[1]), Number(range[2])];
      if (a > b) throw new UsageError(`--ref: the range ${trimmed} runs backwards.`);
      return Array.from({ length: b - a + 1 }, (_, i) => a + i);
    }
    if (!/^\d+$/.test(trimmed)) throw new UsageError(`--ref: "${trimmed}" is not a ref number. Use --ref 1,5,9 or --ref 10-20.`);
    return [Number(trimmed)];
  }).flat();
}

export function parseColumns(value: string): FieldName[] {
  return value.split(',').map((c) => c.trim()).filter(Boolean).map((c) => oneOf('--columns', c, FIELD_NAMES));
}

export interface RawFilterFlags {
  site?: string[];
  design?: string[];
  intervention?: string[];
  year?: string;
  text?: string;
  annotated?: boolean;
  unique?: boolean;
  ref?: string;
}

export function parseFilter(flags: RawFilterFlags): StudyFilter {
  return {
    sites: listOf('--site', flags.site, SITES),
    designs: listOf('--design', flags.design, DESIGNS),
    interventions: listOf('--intervention', flags.intervention, INTERVENTIONS),
    ...(flags.year !== undefined ? parseYearRange(flags.year) : {}),
    text: flags.text,
    annotated: flags.annotated ? true : undefined,
    unique: Boolean(flags.unique),
    refs: flags.ref !== undefined ? parseRefs(flags.ref) : undefined,
  };
}

/** The output format an --out file's extension names (x.csv, x.tsv, x.json, x.md), or null. */
export function formatFromOutPath(out: string | undefined): FormatName | null {
  if (out === undefined) return null;
  const ext = /\.([a-z]+)$/i.exec(out)?.[1]?.toLowerCase() ?? '';
  return ({ csv: 'csv', tsv: 'tsv', tab: 'tsv', json: 'json', md: 'md', markdown: 'md', txt: 'table' } as Record<string, FormatName>)[ext] ?? null;
}

/**
 * The one place a command's output format is decided: --format, else --json, else the extension of --out
 * (x.csv writes CSV, as import and dedupe do), else the terminal table. Asking for two different formats is an error.
 */
export function parseFormat(format: string | undefined, json: boolean | undefined, allowed: readonly FormatName[] = FORMAT_NAMES, out?: string): FormatName {
  const chosen = format === undefined ? undefined : oneOf('--format', format, allowed);
  if (json && chosen && chosen !== 'json') throw new UsageError(`--json and --format ${chosen} ask for two different formats; give one.`);
  if (json || chosen) return json ? 'json' : chosen!;
  const fromOut = formatFromOutPath(out);
  if (fromOut && !allowed.includes(fromOut)) throw new UsageError(`--out ${out}: this command does not write ${fromOut}. Give --format (${allowed.join(', ')}).`);
  return fromOut ?? 'table';
}

// The output flags, declared once: every command that writes takes the same --out, --json and --format, with
// help text built from the command's choice list (src/format/names.ts).
const OUT_HELP = 'write to this file (atomically) instead of stdout';

/** --out FILE. `what` replaces the help text where the command writes something else (e.g. the records). */
export function outOption(what = OUT_HELP): Option {
  return new Option('--out <file>', what);
}

/** --json: shorthand for --format json, or the only machine-readable output of a command without --format. */
export function jsonOption(what = 'shorthand for --format json'): Option {
  return new Option('--json', what);
}

/** --format FORMAT, its help listing the choices; `note` adds a word about them. */
export function formatOption(formats: readonly string[], note?: string, defaultValue?: string): Option {
  const option = new Option('--format <format>', `output format: ${formats.join('|')}${note ? ` (${note})` : ''}`);
  return defaultValue === undefined ? option : option.default(defaultValue);
}

/** --format, --json and --out together, as most read-only commands take them. */
export function addOutputOptions(cmd: Command, formats: readonly string[], note?: string): Command {
  return cmd.addOption(formatOption(formats, note)).addOption(jsonOption()).addOption(outOption());
}
