// A data problem found while loading: where it is, what is wrong, what would be accepted.

export interface Issue {
  severity: 'error' | 'warning';
  /** Stable machine-readable code, e.g. "invalid_value", "duplicate_ref". */
  code: string;
  file: string;
  /** 1-based line in the file, when known. */
  line?: number;
  column?: string;
  ref?: number;
  value?: string;
  message: string;
  accepted?: readonly string[];
}

export function formatIssue(issue: Issue): string {
  const where = [issue.file, issue.line !== undefined ? `line ${issue.line}` : undefined, issue.column ? `column ${issue.column}` : undefined]
    .filter(Boolean)
    .join(', ');
  const ref = issue.ref !== undefined ? ` (ref ${issue.ref})` : '';
  const value = issue.value !== undefined ? `: ${JSON.stringify(issue.value)}` : '';
  const accepted = issue.accepted ? ` Accepted: ${issue.accepted.join(', ')}.` : '';
  return `${issue.severity}: ${where}${ref}${value}: ${issue.message}.${accepted}`;
}

export const hasErrors = (issues: readonly Issue[]): boolean => issues.some((i) => i.severity === 'error');
