import { createLogger } from '../../src/logger';

/** A real pino logger whose JSON lines are kept in memory for assertions. */
export function captureLogs() {
  const raw: string[] = [];
  const logger = createLogger('debug', { write: (line: string) => raw.push(line) });
  return {
    logger,
    text: () => raw.join(''),
    lines: (): Record<string, unknown>[] => raw.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
