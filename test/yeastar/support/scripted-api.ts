import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny loopback HTTP server for answers the sandbox cannot give (429 with Retry-After, odd bodies,
 * echoed secrets) and for looking at the exact bytes the client sends.
 */
export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body: string;
}

export interface ScriptedApi {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

export const TOKEN_PATH = '/auth/openapi/v1/oauth/token';
export const SCRIPTED_TOKEN = 'scripted-access-token-4f1c';
export const SCRIPTED_REFRESH_TOKEN = 'scripted-refresh-token-9b2e';

/** A Partner API envelope as text; `result` is given as JSON text so raw 19-digit numbers survive. */
export function envelopeText(resultJson: string, code = 'success', status = 200, detailMessage = ''): string {
  return `{"code":"${code}","detailMessage":${JSON.stringify(detailMessage)},"requestId":"5f0c2d9e8a7b6c5d4e3f2a1b0c9d8e7f","result":${resultJson},"status":${status}}`;
}

export const TOKEN_REPLY: Reply = {
  body: envelopeText(
    JSON.stringify({
      token: SCRIPTED_TOKEN,
      tokenHead: 'Bearer',
      expiresIn: '1800',
      refreshToken: SCRIPTED_REFRESH_TOKEN,
    }),
  ),
};

export async function startScriptedApi(answer: (req: Received, nth: number) => Reply): Promise<ScriptedApi> {
  const received: Received[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const entry = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    received.push(entry);
    const reply = answer(entry, received.filter((r) => r.path === entry.path).length);
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
    res.end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** Answers the token call with the scripted token, and everything else with `answer`. */
export function withToken(answer: (req: Received, nth: number) => Reply) {
  return (req: Received, nth: number): Reply =>
    req.path === '/auth/openapi/v1/oauth/token' ? TOKEN_REPLY : answer(req, nth);
}
