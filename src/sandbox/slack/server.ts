import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SlackApiError } from './api-error';
import { CONTROL_PREFIX, handleControl } from './control';
import type { Fault, FaultQueue } from './faults';
import { SocketModeHub } from './socket-mode';
import type { HttpAnswer, JsonObject } from './types';
import { callMethod, decodeFormArgs, isKnownMethod, missingScope } from './web-api';
import type { Workspace } from './workspace';

/**
 * The emulator's HTTP face: `POST /api/<method>` (Slack's Web API), `POST /response/<id>` (response
 * URLs), the Socket Mode WebSocket that `apps.connections.open` points to, and `/__emulator/` controls
 * (see control.ts). Every call but a control is recorded, with any token left out.
 */

const MAX_BODY_BYTES = 1024 * 1024;

export interface ServerOptions {
  port: number;
  botToken: string;
  /** The app-level token: the only one `apps.connections.open` accepts. */
  appToken: string;
  /** The scopes the bot token was installed with, before any `revokeScopes`. */
  scopes: readonly string[];
}

export interface RunningServer {
  url: string;
  sockets: SocketModeHub;
  close(): Promise<void>;
}

/** The one method called with the app-level token rather than the bot token. */
const OPEN_SOCKET = 'apps.connections.open';

class BadRequest extends Error {}

/** A fault that refuses the call before it takes effect. */
type RefusingFault = Extract<Fault, { kind: 'rate_limited' | 'http_error' }>;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BadRequest('request_too_large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseArgs(contentType: string, body: string): JsonObject {
  if (contentType.startsWith('application/x-www-form-urlencoded'))
    return decodeFormArgs(new URLSearchParams(body));
  if (contentType.startsWith('application/json')) {
    try {
      const parsed: unknown = body ? JSON.parse(body) : {};
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as JsonObject;
    } catch {
      // answered below
    }
    throw new BadRequest('invalid_json');
  }
  if (!body) return {};
  throw new BadRequest('invalid_form_data');
}

function send(
  res: ServerResponse,
  status: number,
  body: JsonObject,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

export async function startServer(
  workspace: Workspace,
  faults: FaultQueue,
  options: ServerOptions,
): Promise<RunningServer> {
  const refuse = (method: string, args: JsonObject, res: ServerResponse, fault: RefusingFault) => {
    const error = fault.kind === 'rate_limited' ? 'ratelimited' : `http_${fault.status}`;
    workspace.record({ method, args, ok: false, error, at: workspace.now() });
    if (fault.kind === 'rate_limited') {
      send(res, 429, { ok: false, error }, { 'retry-after': String(fault.retryAfterSeconds) });
    } else send(res, fault.status, { ok: false, error });
  };

  /**
   * Serves one call as Slack would under the pending fault: refused before it acts, or performed and
   * recorded, then answered — or, under a hang or lost-answer fault, left unanswered.
   */
  const serve = (
    method: string,
    args: JsonObject,
    res: ServerResponse,
    perform: () => HttpAnswer & { headers?: Record<string, string> },
  ) => {
    const fault = faults.take(method);
    if (fault?.kind === 'rate_limited' || fault?.kind === 'http_error')
      return refuse(method, args, res, fault);
    const { status, body, headers } = perform();
    const error = typeof body.error === 'string' ? { error: body.error } : {};
    const unanswered = fault ? { unanswered: fault.kind } : {};
    workspace.record({ method, args, ok: body.ok === true, ...error, ...unanswered, at: workspace.now() });
    if (!fault) send(res, status, body, headers);
    else if (fault.kind === 'lost') res.destroy();
    // A hang leaves the response open until close() drops the connection.
  };

  /** What the bot token holds now; Slack names it in every answer's `x-oauth-scopes` header. */
  const granted = () => new Set(options.scopes.filter((s) => !faults.conditions.revokedScopes.has(s)));

  const performApi = (method: string, token: string | undefined, args: JsonObject): JsonObject => {
    if (method !== OPEN_SOCKET && !isKnownMethod(method)) {
      process.stderr.write(
        `[slack-emulator] unknown Web API method "${method}" refused with unknown_method\n`,
      );
      return { ok: false, error: 'unknown_method' };
    }
    const [expected, otherKind] =
      method === OPEN_SOCKET ? [options.appToken, options.botToken] : [options.botToken, options.appToken];
    if (!token) return { ok: false, error: 'not_authed' };
    if (token === otherKind) return { ok: false, error: 'not_allowed_token_type' };
    if (token !== expected) return { ok: false, error: 'invalid_auth' };
    if (method === OPEN_SOCKET) return { ok: true, ...sockets.open() };
    const scopes = granted();
    const needed = missingScope(method, args, scopes);
    if (needed) return { ok: false, error: 'missing_scope', needed, provided: [...scopes].join(',') };
    return callMethod(method, args, workspace, faults.conditions);
  };

  const handleApi = (method: string, req: IncomingMessage, args: JsonObject, res: ServerResponse) => {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? (typeof args.token === 'string' ? args.token : undefined);
    delete args.token;
    const scopes = token === options.botToken ? { 'x-oauth-scopes': [...granted()].join(',') } : undefined;
    serve(method, args, res, () => ({ status: 200, body: performApi(method, token, args), headers: scopes }));
  };

  const performResponseUrl = (id: string, args: JsonObject): HttpAnswer => {
    try {
      workspace.respond(id, args);
      return { status: 200, body: { ok: true } };
    } catch (error) {
      if (!(error instanceof SlackApiError)) throw error;
      const gone = ['no_such_url', 'expired_url', 'used_url'].includes(error.code);
      return { status: gone ? 404 : 400, body: { ok: false, error: error.code } };
    }
  };

  let wsBaseUrl = '';
  let port = 0;
  const sockets = new SocketModeHub(() => wsBaseUrl);

  /** Routes a request whose body has been read: the emulator's controls, Web API methods, response URLs. */
  const route = async (req: IncomingMessage, path: string, body: string, res: ServerResponse) => {
    if (path.startsWith(CONTROL_PREFIX)) {
      const caller = { method: req.method, remoteAddress: req.socket.remoteAddress };
      const url = new URL(req.url ?? '/', 'http://emulator');
      const control = { faults, workspace, url: `http://127.0.0.1:${port}` };
      const answer = await handleControl(caller, url, body, control);
      return send(res, answer.status, answer.body);
    }
    const method = /^\/api\/([\w.]+)$/.exec(path)?.[1];
    const responseUrl = /^\/response\/(\w+)$/.exec(path)?.[1];
    if (req.method !== 'POST' || (!method && !responseUrl)) {
      return send(res, 404, { ok: false, error: 'not_found' });
    }
    const args = parseArgs(req.headers['content-type'] ?? '', body);
    if (method) handleApi(method, req, args, res);
    else if (responseUrl) serve('response_url', args, res, () => performResponseUrl(responseUrl, args));
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://emulator').pathname;
    readBody(req)
      .then((body) => route(req, path, body, res))
      .catch((error: unknown) => {
        if (error instanceof BadRequest) send(res, 200, { ok: false, error: error.message });
        else {
          process.stderr.write(
            `[slack-emulator] internal error: ${error instanceof Error ? error.stack : error}\n`,
          );
          send(res, 500, { ok: false, error: 'internal_error' });
        }
      });
  });

  server.on('upgrade', (req, socket, head) => sockets.upgrade(req, socket, head));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  wsBaseUrl = `ws://127.0.0.1:${port}`;
  return {
    url: `http://127.0.0.1:${port}`,
    sockets,
    close: () =>
      new Promise<void>((resolve, reject) => {
        sockets.close();
        server.close((error) => (error ? reject(error) : resolve()));
        // Drops keep-alive sockets and any hung answers so close() never waits on them.
        server.closeAllConnections();
      }),
  };
}
