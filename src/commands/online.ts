// The commander registration of the online commands (lookup, check-retractions, search pubmed), kept
// apart from src/cli.ts so that file only calls addOnlineCommands. The command code loads lazily.
import { Command, Option } from 'commander';
import type { Io } from '../io.js';
import { UsageError } from '../errors.js';
import { jsonOption, oneOf, parseRefs } from './options.js';

type Flags = {
  data?: string; json?: boolean; offline?: boolean; refresh?: boolean; email?: string; timeout?: string; eutilsUrl?: string; crossrefUrl?: string;
  accept?: boolean; ref?: string; from?: string; to?: string; datetype?: string; who?: string;
};

function addNetworkOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--data <dir>', 'the workspace: a copy of the review folder (the shipped review is read-only)'))
    .option('--offline', 'use cached answers only; never touch the network')
    .option('--refresh', 'ask the services again even where an answer is cached')
    .option('--email <address>', 'contact address sent to NCBI (email) and Crossref (mailto, polite pool); default $NPA_EMAIL')
    .option('--timeout <seconds>', 'give up on one request after this long (it is retried)', '30')
    .option('--eutils-url <url>', 'NCBI E-utilities base URL (default $NPA_EUTILS_URL or https://eutils.ncbi.nlm.nih.gov/entrez/eutils/)')
    .option('--crossref-url <url>', 'Crossref REST API base URL (default $NPA_CROSSREF_URL or https://api.crossref.org/)')
    .addOption(jsonOption('the result as JSON on stdout'));
}

const NETWORK_HELP = `
Network: only these commands use it, and only when run. NCBI: 3 requests/s (10 with $NCBI_API_KEY), tool
and email on every request; Crossref: mailto (polite pool), 3 list / 10 single requests a second. One request
at a time; 429 and 5xx are retried with backoff, honouring Retry-After. Every answer is cached in
DATA/.npa-cache/online, so a second run (or --offline) needs no network and an interrupted run resumes.`;

/** Adds lookup, check-retractions and search (each only when `want` accepts its name; see buildProgram in src/cli.ts). */
export function addOnlineCommands(program: Command, io: Io, setExit: (code: number) => void, dataDir: (flags: { data?: string }) => string, want: (name: string) => boolean = () => true): void {
  if (want('lookup'))
      addNetworkOptions(program.command('lookup').description('propose missing PMIDs and DOIs from PubMed and Crossref, with evidence; --accept writes the confident ones'))
      .option('--accept', 'write confident matches into empty pmid/doi cells (source: the record URL and date)')
      .option('--ref <list>', 'only these refs: 1,5,9 or 10-20')
      .addHelpText('after', `
PubMed: ECitMatch (journal, year, volume, first page, first author), ESearch on the DOI or title words, EFetch
to confirm. Crossref: bibliographic query. A match is confident when title, first author and year agree with
one more detail (volume, first page or journal) and nothing disagrees, and it is the only one. A PMID and a
DOI are checked against each other (the DOI in the PubMed record); a conflict is reported, never written.
Proposals for a person: DATA/lookup-pending.csv.${NETWORK_HELP}
Examples:
  npa lookup --data my-review --email me@example.org
  npa lookup --data my-review --accept
  npa lookup --data my-review --offline --json`)
      .action(async (flags: Flags) => {
        const { runLookup } = await import('./lookup.js');
        setExit(await runLookup({ ...flags, data: dataDir(flags), accept: Boolean(flags.accept), json: Boolean(flags.json), refs: flags.ref === undefined ? undefined : parseRefs(flags.ref) }, io));
      });

  if (want('check-retractions'))
      addNetworkOptions(program.command('check-retractions').description('retractions, corrections and expressions of concern for the studies (Crossref, Retraction Watch, PubMed); kept in DATA/notices.csv'))
      .addHelpText('after', `
Crossref: updated-by of each study's DOI (publisher notices and Retraction Watch's records). PubMed: the
publication type "Retracted Publication" and the Retraction in, Erratum in, Expression of concern in links.
npa validate warns about every retracted study in DATA/notices.csv.${NETWORK_HELP}
Examples:
  npa check-retractions --data my-review --email me@example.org
  npa check-retractions --data my-review --offline --json`)
      .action(async (flags: Flags) => {
        const { runCheckRetractions } = await import('./retractions.js');
        setExit(await runCheckRetractions({ ...flags, data: dataDir(flags), json: Boolean(flags.json) }, io));
      });

  if (!want('search')) return;
  const search = program.command('search').description('run the review\'s saved search strategy online for an update');
  addNetworkOptions(search.command('pubmed').description("run review.json's saved PubMed strategy for a date window; MEDLINE records into DATA/searches/, a search-log entry"))
    .option('--from <date>', 'window start, YYYY-MM-DD (default: review.json last_search, else search_date)')
    .option('--to <date>', 'window end, YYYY-MM-DD (default: today)')
    .option('--datetype <type>', 'edat (added to PubMed), pdat (published) or mdat (modified)', 'edat')
    .option('--who <name>', 'who ran the search, for the log (default $USER)')
    .addHelpText('after', `
The strategy is review.json "search_strategies": {"PubMed": {"strategy": "..."}}. The log entry (DATA/searches.csv)
holds the query as PubMed translated it, the window, the count, the file and its sha256. Run again with the same
--from/--to, it lists the PMIDs that appeared or vanished since the earlier run.${NETWORK_HELP}
Examples:
  npa search pubmed --data my-review --email me@example.org
  npa search pubmed --data my-review --from 2022-06-01 --to 2023-06-01`)
    .action(async (flags: Flags) => {
      const datetype = oneOf('--datetype', flags.datetype ?? 'edat', ['edat', 'pdat', 'mdat'] as const);
      if (flags.who !== undefined && !flags.who.trim()) throw new UsageError('--who: give a name.');
      const { runSearchPubmed } = await import('./search.js');
      setExit(await runSearchPubmed({ ...flags, data: dataDir(flags), datetype, json: Boolean(flags.json) }, io));
    });
}
