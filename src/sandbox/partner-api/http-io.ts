import type { IncomingMessage, ServerResponse } from 'node:http';
import { stringifyJson } from '../../yeastar/json';
import { ApiError, type Envelope } from './envelope';

const MAX_BODY_BYTES = 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, 'payload_too_large', 'request body exceeds 1 MiB');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Writes the envelope losslessly: bigint IDs become raw JSON integers. */
export function sendEnvelope(
  res: ServerResponse,
  envelope: Envelope,
  headers: Record<string, string> = {},
): void {
  const body = stringifyJson(envelope);
  res.writeHead(envelope.status, {
    ...headers,
    'content-type': 'application/json;charset=UTF-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** What a broken proxy in front of the API might answer: a 200 that is not JSON. */
export function sendMalformed(res: ServerResponse): void {
  const body = '<html><body><h1>Service temporarily unavailable</h1>';
  res.writeHead(200, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
