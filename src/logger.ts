import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Structured logs. Secrets are kept out at the source (nothing logs a token on purpose); the redaction
 * list is the second line of defence for objects that happen to carry one.
 */
const REDACT = [
  'token',
  'refreshToken',
  'client_secret',
  'clientSecret',
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  '*.token',
  '*.refreshToken',
  '*.clientSecret',
  '*.client_secret',
  '*.authorization',
  'signingSecret',
  '*.signingSecret',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { app: 'yeastar-order-desk' },
    redact: { paths: REDACT, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
