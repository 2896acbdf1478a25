import { signedHeaders } from './signing';
import type { EnvelopeType, SocketModeHub } from './socket-mode';
import type { JsonObject } from './types';

/**
 * How what people do reaches the app: signed HTTP posts to its events URL, or envelopes over the
 * Socket Mode connection the app opened. Either way the caller gets the app's answer in one shape.
 */

export interface AppAnswer {
  status: number;
  /** The app's reply: parsed JSON, the raw text if it is not JSON, or null when empty. */
  body: unknown;
}

export interface SendRawOptions {
  /** Extra or replacing headers (e.g. a forged x-slack-signature). */
  headers?: Record<string, string>;
  /** Sign the body (default true). */
  signed?: boolean;
  /** The x-slack-request-timestamp to sign with, unix seconds (default now). */
  timestamp?: number;
  /** Default form-encoded (commands, interactions); Events API callbacks are `application/json`. */
  contentType?: string;
}

/** Where the driver sends what people do. */
export type AppTransport =
  | { kind: 'http'; eventsUrl: string; signingSecret: string }
  | { kind: 'socket_mode'; hub: SocketModeHub; ackTimeoutMs: number };

/** Slack's limit for an ack; an app that misses it shows the person an error. */
export const DEFAULT_ACK_TIMEOUT_MS = 3000;

function parseAnswer(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Posts a body to the app's events URL, signed unless told otherwise: form-encoded (commands and
 * interactions) unless `contentType` says otherwise.
 */
export async function postToApp(
  transport: { eventsUrl: string; signingSecret: string },
  body: string,
  options: SendRawOptions = {},
): Promise<AppAnswer> {
  const signature =
    options.signed === false ? {} : signedHeaders(transport.signingSecret, body, options.timestamp);
  const contentType = options.contentType ?? 'application/x-www-form-urlencoded';
  const response = await fetch(transport.eventsUrl, {
    method: 'POST',
    // Exactly these content types: Bolt compares them as whole strings (spec §2.2).
    headers: { 'content-type': contentType, ...signature, ...options.headers },
    body,
  });
  return { status: response.status, body: parseAnswer(await response.text()) };
}

/**
 * Sends an envelope over the app's Socket Mode connection; the ack's payload is the answer. An ack
 * without a payload is an empty answer, as an empty HTTP 200 is (body null).
 */
export async function sendEnvelope(
  transport: { hub: SocketModeHub; ackTimeoutMs: number },
  type: EnvelopeType,
  payload: JsonObject,
): Promise<AppAnswer> {
  const answer = await transport.hub.deliver(type, payload, transport.ackTimeoutMs);
  return { status: 200, body: Object.keys(answer).length ? answer : null };
}
