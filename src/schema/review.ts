// Review-level metadata: data/review.json. One validated file per review.
import { z } from 'zod';

const count = z.number().int().nonnegative();

export const PublishedStatSchema = z
  .object({
    count: count.nullable().describe('The count the review printed.'),
    denominator: count.nullable().describe('The denominator the review printed, if any.'),
    percent: z.number().nonnegative().nullable().describe('The percent the review printed, if any.'),
    quote: z.string().min(1).describe('The sentence of the review the numbers come from.'),
  })
  .strict();
export type PublishedStat = z.output<typeof PublishedStatSchema>;

export const ReviewSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes').describe('Short identifier of the review.'),
    title: z.string().min(1),
    publisher: z.string().min(1),
    question: z.string().min(1).describe('The question the review answers.'),
    authors: z.array(z.string().min(1)).min(1),
    date: z.iso.date().describe('Publication date (YYYY-MM-DD).'),
    search_date: z.iso.date().describe('Date the literature search was run.'),
    databases: z.array(z.string().min(1)).min(1),
    search_terms: z.array(z.string().min(1)).min(1),
    inclusion_criteria: z.array(z.string().min(1)).min(1),
    exclusion_criteria: z.array(z.string().min(1)).min(1),
    exclusion_reasons: z
      .array(z.object({ code: z.string().regex(/^[a-z_]+$/), label: z.string().min(1) }).strict())
      .min(1)
      .describe('Controlled list of reasons a record can be excluded at screening.'),
    year_window: z
      .object({ from: z.number().int(), to: z.number().int() })
      .strict()
      .refine((w) => w.from <= w.to, 'from must not be after to')
      .describe('Publication years the search covered.'),
    flow: z
      .object({
        identified: count.describe('Records the search found.'),
        excluded: z.array(z.object({ reason: z.string().min(1), n: count }).strict()),
        included: count.describe('Records the review says it included.'),
      })
      .strict()
      .describe('The search flow exactly as the review reports it.'),
    published_statistics: z.record(z.string(), PublishedStatSchema).describe('Values the review printed, keyed by statistic id.'),
    source: z.string().min(1).describe('Where the review text is.'),
    protocol: z
      .object({
        stages: z.union([z.literal(1), z.literal(2)]).describe('1: one screening stage; 2: title-abstract then full text.'),
        reviewers: z.union([z.literal(1), z.literal(2)]).describe('Independent reviewers per record (2: blind double screening).'),
        verify_sample: z.number().positive().max(100).nullable().optional().describe('With one reviewer: percent of records a second reviewer checks.'),
      })
      .strict()
      .optional()
      .describe('How screening is run (default: 2 stages, 2 reviewers).'),
    fulltext_reasons: z
      .array(z.object({ code: z.string().regex(/^[a-z_]+$/), label: z.string().min(1) }).strict())
      .optional()
      .describe('Extra reasons for excluding a full-text report (the exclusion_reasons are valid too).'),
    search_strategies: z
      .record(z.string(), z.object({ interface: z.string().min(1).optional(), strategy: z.string().min(1), limits: z.string().optional() }).strict())
      .optional()
      .describe('The saved search strategy per database, as run.'),
    last_search: z.iso.date().optional().describe('Date of the most recent search (the next update starts here).'),
    eligibility: z
      .object({
        languages: z.array(z.string().min(1)).optional(),
        excluded_types: z.array(z.enum(['review', 'case_report', 'conference_abstract'])).optional(),
      })
      .strict()
      .optional()
      .describe('Checked when a record is added, screened and promoted.'),
    certainty: z
      .object({
        thresholds: z.record(z.string(), z.object({ value: z.number().min(0).max(1), why: z.string().min(1) }).strict()).optional(),
      })
      .strict()
      .optional()
      .describe('GRADE: the thresholds the committee states per outcome (a proportion), for imprecision.'),
  })
  .strict();
export type Review = z.output<typeof ReviewSchema>;
