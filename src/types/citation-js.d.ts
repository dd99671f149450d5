// Minimal types for the part of citation-js that npa uses (it ships no TypeScript declarations).
declare module '@citation-js/core' {
  export const plugins: {
    input: {
      chain(data: unknown, options?: { target?: string; generateGraph?: boolean }): unknown;
    };
  };
}
declare module '@citation-js/plugin-bibtex';
declare module '@citation-js/core' {
  export class Cite {
    constructor(data: unknown);
    format(type: 'bibliography', options: { format: 'text' | 'html'; template: string; lang?: string; asEntryArray: true }): [string, string][];
  }
}
declare module '@citation-js/plugin-csl';
