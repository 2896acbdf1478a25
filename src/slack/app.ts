import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, type CustomRoute } from '@slack/bolt';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { describeError } from '../orders/describe-error';
import { type DecisionFlowDeps, registerDecisionListeners } from './decision-flow';
import { type HomeListenerDeps, registerHomeListeners } from './listeners/events';
import { boltLogger } from './logger-adapter';
import { type RequestFlowDeps, registerRequestListeners } from './request-flow';

export type SlackSettings = Pick<
  Config,
  'SLACK_BOT_TOKEN' | 'SLACK_SIGNING_SECRET' | 'SLACK_APP_TOKEN' | 'SLACK_API_URL' | 'PORT'
>;

export interface HealthReport {
  ok: boolean;
  database: 'reachable' | 'unreachable';
}

/** GET /metrics, for callers that send its bearer token. */
export interface MetricsEndpoint {
  token: string;
  contentType: string;
  render(): Promise<string>;
}

export interface SlackAppOptions {
  settings: SlackSettings;
  logger: Logger;
  health: () => Promise<HealthReport>;
  metrics?: MetricsEndpoint;
}

/**
 * The listeners' own Slack calls (views.open, views.update, chat.postEphemeral, usergroups.users.list)
 * answer a person now: a trigger expires after 3 s. So they never retry or wait out a rate limit, and give
 * up after this long; what must arrive goes through the outbox, which retries durably.
 */
const CLICK_PATH_TIMEOUT_MS = 2500;

function healthRoute(health: SlackAppOptions['health']): CustomRoute {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: (_req: IncomingMessage, res: ServerResponse) => {
      void health().then((report) => {
        res.writeHead(report.ok ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: report.ok ? 'ok' : 'degraded', database: report.database }));
      });
    },
  };
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '';
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(token));
}

function metricsRoute(metrics: MetricsEndpoint, logger: Logger): CustomRoute {
  return {
    path: '/metrics',
    method: ['GET'],
    handler: (req: IncomingMessage, res: ServerResponse) => {
      if (!bearerMatches(req.headers.authorization, metrics.token)) {
        res.writeHead(401, { 'www-authenticate': 'Bearer' });
        res.end();
        return;
      }
      metrics.render().then(
        (body) => {
          res.writeHead(200, { 'content-type': metrics.contentType });
          res.end(body);
        },
        (err: unknown) => {
          logger.warn({ err: describeError(err) }, 'metrics could not be read');
          res.writeHead(503);
          res.end();
        },
      );
    },
  };
}

/**
 * The Bolt app: Socket Mode when an app-level token is set, else HTTP on /slack/events with signatures
 * always verified. /healthz is served either way (on PORT), and /metrics when it has a token.
 */
export function createSlackApp({ settings, logger, health, metrics }: SlackAppOptions): App {
  const common = {
    token: settings.SLACK_BOT_TOKEN,
    logger: boltLogger(logger),
    customRoutes: [healthRoute(health), ...(metrics ? [metricsRoute(metrics, logger)] : [])],
    clientOptions: {
      ...(settings.SLACK_API_URL ? { slackApiUrl: settings.SLACK_API_URL } : {}),
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: CLICK_PATH_TIMEOUT_MS,
    },
  };
  const app = settings.SLACK_APP_TOKEN
    ? new App({
        ...common,
        socketMode: true,
        appToken: settings.SLACK_APP_TOKEN,
        // Bolt hands these client options (SLACK_API_URL included) to the Socket Mode client for
        // apps.connections.open; a copy, because that client writes its own retry policy into them,
        // which the listeners' clients would otherwise inherit.
        installerOptions: { port: settings.PORT, clientOptions: { ...common.clientOptions } },
      })
    : new App({ ...common, signingSecret: settings.SLACK_SIGNING_SECRET });
  app.error(async (error) => {
    logger.error({ err: describeError(error) }, 'Slack listener failed');
  });
  return app;
}

export interface ListenerDeps {
  request: RequestFlowDeps;
  decision: DecisionFlowDeps;
  home: HomeListenerDeps;
}

/** Both sides' listeners on one app, and its Home tab. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  registerRequestListeners(app, deps.request);
  registerDecisionListeners(app, deps.decision);
  registerHomeListeners(app, deps.home);
}
