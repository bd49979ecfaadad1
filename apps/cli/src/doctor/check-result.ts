/** pass/fail need no explanation; `skip`: could not be checked (no credentials for that account); `not-deployed`: the resource comes with a later deploy step. */
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip' | 'not-deployed';

export interface CheckResult {
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  /** What was found. */
  readonly detail: string;
  /** The exact command or step that fixes a failure. */
  readonly fix?: string;
}

export function result(
  id: string,
  title: string,
  status: CheckStatus,
  detail: string,
  fix?: string,
): CheckResult {
  return { id, title, status, detail, ...(fix === undefined ? {} : { fix }) };
}
