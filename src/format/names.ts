// Every output and exchange format's choice list, declared once and kept apart from the renderers and parsers so
// the CLI can build its options and help text from them without loading those (issue 8 §3).
export const FORMAT_NAMES = ['table', 'csv', 'tsv', 'json', 'md'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

/** The formats of the analysis and appraisal commands (summary, verify, rob, overlap, grade, impact). */
export const REPORT_TABLE_FORMATS = ['table', 'json', 'csv', 'md'] as const satisfies readonly FormatName[];

/** npa prisma --format. */
export const PRISMA_FORMATS = ['table', 'json', 'prisma2020-csv', 'svg'] as const;

/** npa report --format. */
export const REPORT_FORMATS = ['md', 'html', 'pdf'] as const;

/** npa import --from: the bibliographic formats npa reads. */
export const IMPORT_FORMATS = ['ris', 'medline', 'ovid', 'wos', 'bibtex', 'csljson', 'csv', 'json'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** npa export --format, import/dedupe --to: the bibliographic formats npa writes. */
export const EXPORT_FORMATS = ['ris', 'bibtex', 'csljson', 'csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** npa rob --plot. */
export const ROB_PLOTS = ['traffic', 'summary'] as const;
