import { createHmac } from 'node:crypto';

/**
 * Slack's request signing: `v0=` + hex HMAC-SHA256(signing secret, `v0:<timestamp>:<raw body>`), with
 * the timestamp (unix seconds) sent alongside so the receiver can refuse replays older than 5 minutes.
 */

export function slackSignature(signingSecret: string, timestampSeconds: number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${body}`).digest('hex')}`;
}

export function signedHeaders(
  signingSecret: string,
  body: string,
  timestampSeconds = Math.floor(Date.now() / 1000),
): Record<string, string> {
  return {
    'x-slack-request-timestamp': String(timestampSeconds),
    'x-slack-signature': slackSignature(signingSecret, timestampSeconds, body),
  };
}
