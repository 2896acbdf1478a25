import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { catalogRoutes } from './catalog-endpoints';
import { CONTROL_PREFIX, handleControl } from './control';
import {
  ApiError,
  type Envelope,
  errorEnvelope,
  invalidParameter,
  notFound,
  successEnvelope,
} from './envelope';
import type { FaultSwitches } from './faults';
import { readBody, sendEnvelope, sendMalformed } from './http-io';
import { instanceRoutes } from './instance-endpoints';
import { orderRoutes } from './order-endpoints';
import { matchPath, type Route, type SandboxState } from './routes';
import { tokenRoutes } from './token-endpoint';
import { userRoutes } from './user-endpoints';

export interface ServerParts {
  state: SandboxState;
  faults: FaultSwitches;
  /** Requests that reached each API path. */
  hits: Map<string, number>;
}

const ROUTES: readonly Route[] = [
  ...tokenRoutes,
  ...catalogRoutes,
  ...userRoutes,
  ...instanceRoutes,
  ...orderRoutes,
];

function findRoute(method: string, path: string): { route: Route; params: string[] } {
  const onPath = ROUTES.flatMap((route) => {
    const params = matchPath(route, path);
    return params ? [{ route, params }] : [];
  });
  if (onPath.length === 0) throw notFound(`no API endpoint at ${path}`);
  const found = onPath.find((r) => r.route.method === method);
  if (!found) {
    const allowed = onPath.map((r) => r.route.method).join(', ');
    throw new ApiError(405, 'method_not_allowed', `${method} is not allowed on ${path}; use ${allowed}`);
  }
  return found;
}

function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  console.error('partner-api sandbox: unexpected error', error);
  return new ApiError(500, 'server_error', 'internal sandbox error');
}

/** Header checks, authentication and the handler; every refusal becomes an error envelope. */
async function answer(
  req: IncomingMessage,
  url: URL,
  state: SandboxState,
): Promise<{ envelope: Envelope; route?: Route }> {
  let route: Route | undefined;
  try {
    if (!req.headers['user-agent']) {
      throw invalidParameter('User-Agent', 'required', 'the User-Agent header is required');
    }
    const found = findRoute(req.method ?? '', url.pathname);
    route = found.route;
    if (!route.public) state.tokens.authorize(req.headers.authorization);
    const body = await readBody(req);
    const result = await route.handle({ url, params: found.params, headers: req.headers, body, state });
    return { envelope: successEnvelope(result), route };
  } catch (error) {
    return { envelope: errorEnvelope(asApiError(error)), route };
  }
}

/** One fault at most per answer: a failure, else a lost order answer, else a malformed body. */
async function handleApi(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  parts: ServerParts,
): Promise<void> {
  const { faults } = parts;
  parts.hits.set(url.pathname, (parts.hits.get(url.pathname) ?? 0) + 1);
  await faults.delay();
  // The caller gave up, or the sandbox closed, while the request hung: nothing may take effect.
  if (req.socket.destroyed) return;
  const failStatus = faults.takeFailure();
  if (failStatus !== undefined) {
    sendEnvelope(
      res,
      errorEnvelope(new ApiError(failStatus, 'server_error', 'service temporarily unavailable')),
    );
    return;
  }
  const { envelope, route } = await answer(req, url, parts.state);
  if (route?.placesOrder && faults.take('loseNextOrderAnswers')) {
    req.socket.destroy();
    return;
  }
  if (req.socket.destroyed) return;
  if (faults.take('malformNext')) sendMalformed(res);
  else sendEnvelope(res, envelope);
}

async function handleControlRequest(req: IncomingMessage, res: ServerResponse, url: URL, parts: ServerParts) {
  try {
    const body = await readBody(req);
    sendEnvelope(res, successEnvelope(handleControl(req, url.pathname, body, parts)));
  } catch (error) {
    sendEnvelope(res, errorEnvelope(asApiError(error)));
  }
}

export function createSandboxServer(parts: ServerParts): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const handled = url.pathname.startsWith(CONTROL_PREFIX)
      ? handleControlRequest(req, res, url, parts)
      : handleApi(req, res, url, parts);
    handled.catch((error: unknown) => {
      console.error('partner-api sandbox: request failed', error);
      res.destroy();
    });
  });
}
