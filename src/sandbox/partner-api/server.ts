import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { accessTokenExpired } from './auth';
import { catalogRoutes } from './catalog-endpoints';
import { CONTROL_PREFIX, handleControl } from './control';
import {
  ApiError,
  type Envelope,
  errorEnvelope,
  invalidParameter,
  ipRestricted,
  noPermission,
  notFound,
  successEnvelope,
} from './envelope';
import type { FaultSwitches } from './faults';
import { readBody, sendEnvelope, sendMalformed } from './http-io';
import { instanceRoutes } from './instance-endpoints';
import { orderRoutes } from './order-endpoints';
import { pricingRoutes } from './pricing-endpoints';
import { reshape } from './reshape';
import { matchPath, type Route, type SandboxState } from './routes';
import { tokenRoutes } from './token-endpoint';
import { userRoutes } from './user-endpoints';

export interface ServerParts {
  state: SandboxState;
  faults: FaultSwitches;
  /** Requests that reached each API path. */
  hits: Map<string, number>;
  /** Every API request received in full, oldest first: what GET /__sandbox/calls counts over a time span. */
  arrivals: Arrival[];
}

export interface Arrival {
  path: string;
  /** Epoch ms when its body had been read. */
  at: number;
}

const ROUTES: readonly Route[] = [
  ...tokenRoutes,
  ...catalogRoutes,
  ...pricingRoutes,
  ...userRoutes,
  ...instanceRoutes,
  ...orderRoutes,
];

interface FoundRoute {
  route: Route;
  params: string[];
}

/** The refusal is answered later, after the faults that hold every request. */
function findRoute(method: string, path: string): FoundRoute | ApiError {
  const onPath = ROUTES.flatMap((route) => {
    const params = matchPath(route, path);
    return params ? [{ route, params }] : [];
  });
  if (onPath.length === 0) return notFound(`no API endpoint at ${path}`);
  const found = onPath.find((r) => r.route.method === method);
  if (!found) {
    const allowed = onPath.map((r) => r.route.method).join(', ');
    return new ApiError(405, 'method_not_allowed', `${method} is not allowed on ${path}; use ${allowed}`);
  }
  return found;
}

/** The endpoint a request names, if any: some faults apply only to it. */
function routeOf(found: FoundRoute | ApiError): Route | undefined {
  return found instanceof ApiError ? undefined : found.route;
}

function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  console.error('partner-api sandbox: unexpected error', error);
  return new ApiError(500, 'server_error', 'internal sandbox error');
}

/** A request read in full on arrival, so that one held by a fault can still take effect once released. */
interface Received {
  req: IncomingMessage;
  url: URL;
  found: FoundRoute | ApiError;
  body: Buffer | ApiError;
}

/** The whole body, or its refusal (too large) to answer later; undefined if the caller left before sending it all. */
async function receiveBody(req: IncomingMessage): Promise<Buffer | ApiError | undefined> {
  try {
    return await readBody(req);
  } catch (error) {
    return error instanceof ApiError ? error : undefined;
  }
}

/** Header checks, authentication and the handler; every refusal becomes an error envelope. */
async function answer(
  { req, url, found, body }: Received,
  { state, faults }: ServerParts,
): Promise<Envelope> {
  try {
    if (!req.headers['user-agent']) {
      throw invalidParameter('User-Agent', 'required', 'the User-Agent header is required');
    }
    if (faults.snapshot().ipRestricted) throw ipRestricted(req.socket.remoteAddress);
    if (found instanceof ApiError) throw found;
    const { route, params } = found;
    if (!route.public) state.tokens.authorize(req.headers.authorization);
    if (!route.public && faults.snapshot().permissionDenied) throw noPermission();
    // A token the sandbox honours, refused mid-placement anyway: the client must renew it and send again.
    if (route.placesOrder && faults.take('rejectNextOrderTokens')) throw accessTokenExpired();
    if (body instanceof ApiError) throw body;
    const snapshot = faults.snapshot();
    const ctx = { url, params, headers: req.headers, body, state, faults: snapshot };
    return successEnvelope(reshape(url.pathname, await route.handle(ctx), snapshot.reshape));
  } catch (error) {
    return errorEnvelope(asApiError(error));
  }
}

/** What goes back: an envelope, a body that is not JSON, or a cut connection. */
type Reply = Envelope | 'malformed' | 'lost';

/** One fault at most per answer: a failure, else a lost order answer, else a malformed body. */
async function respond(received: Received, parts: ServerParts): Promise<Reply> {
  const { faults } = parts;
  // Pricing that is down answers so first, leaving the counting faults to the calls they are armed for.
  if (faults.pricingIsDown(routeOf(received.found))) {
    return errorEnvelope(new ApiError(503, 'server_error', 'pricing is temporarily unavailable'));
  }
  const failStatus = faults.takeFailure();
  if (failStatus !== undefined) {
    return errorEnvelope(new ApiError(failStatus, 'server_error', 'service temporarily unavailable'));
  }
  const envelope = await answer(received, parts);
  if (routeOf(received.found)?.placesOrder && faults.take('loseNextOrderAnswers')) return 'lost';
  return faults.take('malformNext') ? 'malformed' : envelope;
}

/** A caller that has gone gets nothing; whatever its request did stands. */
function deliver(req: IncomingMessage, res: ServerResponse, reply: Reply): void {
  if (req.socket.destroyed) return;
  if (reply === 'lost') req.socket.destroy();
  else if (reply === 'malformed') sendMalformed(res);
  else sendEnvelope(res, reply);
}

async function handleApi(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  parts: ServerParts,
): Promise<void> {
  const body = await receiveBody(req);
  if (body === undefined) return;
  parts.hits.set(url.pathname, (parts.hits.get(url.pathname) ?? 0) + 1);
  parts.arrivals.push({ path: url.pathname, at: Date.now() });
  const found = findRoute(req.method ?? '', url.pathname);
  const route = routeOf(found);
  await parts.faults.delay(route);
  // The caller went away while the request was held: a read has nothing left to do.
  if (req.socket.destroyed && !parts.faults.finishesAbandoned(route)) return;
  const answerDue = parts.faults.answerDelay(route);
  const reply = await respond({ req, url, found, body }, parts);
  await answerDue;
  deliver(req, res, reply);
}

async function handleControlRequest(req: IncomingMessage, res: ServerResponse, url: URL, parts: ServerParts) {
  try {
    const body = await readBody(req);
    sendEnvelope(res, successEnvelope(handleControl(req, url, body, parts)));
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
