// npa check-retractions: notices about the studies from Crossref and PubMed, reported and kept in DIR/notices.csv.
import { join } from 'node:path';
import type { Io } from '../io.js';
import { writeFileAtomic } from '../io.js';
import { loadValidDataset } from '../load/cache.js';
import { displayPath } from '../load/paths.js';
import { render } from '../format/tabular.js';
import type { OnlineFlags } from '../online/config.js';
import { loadNotices, noticesCsv, WITHDRAWN } from '../online/notices.js';
import { NOTICES_FILE } from '../schema/notices.js';
import { checkRetractions } from '../online/retractions.js';
import { dependents, dependentsText } from '../online/depends.js';
import { networkSummary, openSession } from '../online/session.js';
import { DataError } from '../errors.js';

export interface RetractionOptions extends OnlineFlags {
  data: string;
  json: boolean;
  today?: string;
}

export async function runCheckRetractions(options: RetractionOptions, io: Io): Promise<number> {
  const { config, client } = openSession(options.data, options, io, 'npa check-retractions');
  const dataset = await loadValidDataset(options.data, io.env);
  const previous = loadNotices(options.data);
  if (previous.issues.some((i) => i.severity === 'error')) throw new DataError(`${NOTICES_FILE} is damaged; nothing was changed`, previous.issues);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const report = await checkRetractions(client, config, dataset.studies, today, io.progress);
  if (io.progress) io.stderr('\n');
  // Rows of studies checked now are replaced; rows of the others are kept as they were.
  const checked = new Set(report.checked);
  const notices = [...previous.notices.filter((n) => !checked.has(n.ref)), ...report.notices].sort((a, b) => a.ref - b.ref);
  const path = join(options.data, NOTICES_FILE);
  writeFileAtomic(path, noticesCsv(notices));
  const withdrawn = new Set(report.notices.filter((n) => WITHDRAWN.includes(n.kind)).map((n) => n.ref));
  if (options.json) {
    io.stdout(JSON.stringify({ checked: report.checked, no_identifier: report.noIdentifier, unknown_doi: report.unknownDoi, notices: report.notices, retracted: [...withdrawn].map((ref) => dependents(ref, dataset)) }, null, 2) + '\n');
  } else if (report.notices.length) {
    const table = {
      columns: [
        { key: 'ref', header: 'ref', align: 'right' as const }, { key: 'kind', header: 'notice' }, { key: 'source', header: 'reported by' },
        { key: 'date', header: 'date' }, { key: 'link', header: 'link' }, { key: 'detail', header: 'detail' },
      ],
      rows: report.notices.map((n) => ({ ref: n.ref, kind: n.kind, source: n.source, date: n.date ?? '', link: n.link, detail: n.detail ?? '' })),
    };
    io.stdout(await render(table, 'table', { maxWidth: 70, width: io.columns }));
  } else io.stdout('no retraction, correction or expression of concern found.\n');
  io.stderr(`${report.checked.length} studies checked (${report.noIdentifier.length} without DOI or PMID: not checkable); ${report.notices.length} notice(s), ${withdrawn.size} stud${withdrawn.size === 1 ? 'y' : 'ies'} retracted or withdrawn.\n`);
  for (const ref of withdrawn) io.stderr(`retracted: ${dependentsText(dependents(ref, dataset))} What removing it changes: npa impact ${ref} --data ${options.data}\n`);
  for (const u of report.unknownDoi) io.stderr(`Crossref does not know the DOI of ref ${u.ref} (${u.doi}).\n`);
  io.stderr(`notices kept in ${displayPath(path)}; npa validate warns about retracted studies.\n${networkSummary(client)}\n`);
  return 0;
}
