// BibTeX / BibLaTeX, read with citation-js (@citation-js/plugin-bibtex: LaTeX accents and commands,
// name lists, string macros) into CSL and then into the hub. Each entry is parsed on its own, so a
// broken entry is reported with its line and, with --skip-bad, skipped without losing its neighbours.
import { plugins } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import { addUnmapped } from '../fields.js';
import { emptyRecord } from '../record.js';
import type { Problem } from '../tagged.js';
import { fromCsl, type CslItem } from './csljson.js';
import type { ParsedFile, ParsedRecord } from './types.js';

interface Entry {
  type: string;
  label: string;
  properties: Record<string, string>;
}

const KNOWN = new Set([
  'author', 'title', 'journal', 'journaltitle', 'shortjournal', 'booktitle', 'year', 'date', 'volume', 'number', 'issue', 'pages',
  'doi', 'pmid', 'abstract', 'keywords', 'issn', 'url', 'language', 'langid', 'publisher',
]);

/** Splits at lines that start an entry (@type{ or @type( at the start of a line). */
function chunks(text: string): { start: number; body: string }[] {
  const out: { start: number; lines: string[] }[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/)
    .forEach((line, i) => {
      if (/^\s*@\s*\w+\s*[{(]/.test(line)) out.push({ start: i + 1, lines: [line] });
      else out[out.length - 1]?.lines.push(line);
    });
  return out.map((c) => ({ start: c.start, body: c.lines.join('\n') }));
}

function parseEntries(text: string): Entry[] {
  return plugins.input.chain(text, { target: '@biblatex/entries+list', generateGraph: false }) as Entry[];
}

export function parseBibtex(text: string, file: string): ParsedFile {
  const problems: Problem[] = [];
  const unmapped: Record<string, number> = {};
  const records: ParsedRecord[] = [];
  const parts = chunks(text);
  const macroText = parts.filter((p) => /^\s*@\s*string/i.test(p.body)).map((p) => p.body).join('\n');
  for (const part of parts) {
    if (/^\s*@\s*(string|preamble|comment)/i.test(part.body)) continue;
    let entries: Entry[];
    try {
      entries = parseEntries(`${macroText}\n${part.body}`);
    } catch (error) {
      const m = /line (\d+) col (\d+)/.exec((error as Error).message);
      const macroLines = macroText ? macroText.split('\n').length : 0;
      const line = m ? part.start + Number(m[1]) - 2 - macroLines : part.start;
      const message = `BibTeX syntax error${m ? ` at line ${Math.max(line, part.start)}, column ${m[2]}` : ''} in the entry starting on line ${part.start}`;
      problems.push({ line: part.start, severity: 'error', message });
      records.push({ record: emptyRecord(`${file}#${records.length + 1}`), line: part.start, problem: message });
      continue;
    }
    for (const entry of entries) {
      for (const key of Object.keys(entry.properties)) if (!KNOWN.has(key.toLowerCase())) addUnmapped(unmapped, key.toLowerCase());
      const csl = plugins.input.chain([entry], { generateGraph: false }) as CslItem[];
      const record = fromCsl({ ...csl[0], id: entry.label }, `${file}#${records.length + 1}`, {});
      const pmid = entry.properties.pmid;
      if (pmid && !record.pmid && /^\d+$/.test(pmid.trim())) record.pmid = pmid.trim();
      if (entry.type.toLowerCase() === 'inproceedings' || entry.type.toLowerCase() === 'conference') record.type = 'CONF';
      records.push({ record, line: part.start });
    }
  }
  return { format: 'bibtex', records, problems, unmapped, junkLines: 0 };
}
