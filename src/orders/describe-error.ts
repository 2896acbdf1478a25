/**
 * What of an error may go into a log line or the audit trail: its name and message. The error object itself
 * is never logged whole, since a transport error could carry request headers.
 */
export function describeError(err: unknown): { name: string; message: string } {
  return err instanceof Error
    ? { name: err.name, message: err.message }
    : { name: typeof err, message: String(err) };
}
