/** A short description of an error for the log: a Slack error's code (e.g. hash_conflict), or its message; never the request that carried a token. */
export function errorSummary(error: unknown): string {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  if (typeof data?.error === 'string') return data.error;
  return error instanceof Error ? error.message : String(error);
}
