import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../logger';

function boltLevel(pinoLevel: string): LogLevel {
  if (pinoLevel === 'trace' || pinoLevel === 'debug') return LogLevel.DEBUG;
  if (pinoLevel === 'info') return LogLevel.INFO;
  if (pinoLevel === 'warn') return LogLevel.WARN;
  return LogLevel.ERROR;
}

/** Bolt logs variadic messages; they become one pino line, under the `bolt` component. */
function line(parts: unknown[]): string {
  return parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : String(p))).join(' ');
}

/**
 * Bolt's logger interface over pino, so Bolt's own lines land in the same structured stream (and pino's
 * redaction) as the app's. LOG_LEVEL governs both, so Bolt's setLevel changes nothing.
 */
export function boltLogger(logger: Logger): BoltLogger {
  let child = logger.child({ component: 'bolt' });
  return {
    debug: (...msg) => child.debug(line(msg)),
    info: (...msg) => child.info(line(msg)),
    warn: (...msg) => child.warn(line(msg)),
    error: (...msg) => child.error(line(msg)),
    setLevel: () => undefined,
    getLevel: () => boltLevel(child.level),
    setName: (name) => {
      child = logger.child({ component: 'bolt', name });
    },
  };
}
