// The --format choices, kept apart from the renderers so the CLI can list them without loading them.
export const FORMAT_NAMES = ['table', 'csv', 'tsv', 'json', 'md'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];
