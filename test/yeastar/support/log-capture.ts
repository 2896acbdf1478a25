import pino, { type Logger } from 'pino';

/** A pino logger writing JSON lines into memory, so a test can read every line the client logged. */
export function captureLogs(level = 'trace'): {
  logger: Logger;
  lines: string[];
  entries(): Record<string, unknown>[];
} {
  const lines: string[] = [];
  const logger = pino({ level }, { write: (line: string) => lines.push(line) });
  return { logger, lines, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}
