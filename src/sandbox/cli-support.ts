/** A flag's or variable's value as a non-negative integer; `fallback` when it is not given. */
export function nonNegative(name: string, text: string | undefined, fallback: number, usage: string): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw new Error(`${name} must be a non-negative integer\n${usage}`);
  return Number(text);
}

/**
 * The command-line entry of a local stand-in server (the Partner API sandbox, the Slack emulator): starts
 * it, and closes it on SIGINT or SIGTERM. A failure to start prints its message alone and exits 1.
 */
export function serveUntilStopped(start: () => Promise<{ close(): Promise<void> }>): void {
  start().then(
    (server) => {
      const stop = () => {
        server.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
