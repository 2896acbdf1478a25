import { z } from 'zod';
import { SCENARIOS } from './catalog';

/**
 * Every setting, validated once at start. Names are a contract with operators and scripts: keep them.
 * A bad or missing value stops the app with one line per problem, all of them in one run, naming the
 * variable and what to fix in plain words; a value is never echoed, as it may be a secret.
 */

/** The example values of .env.example: a copy that was never filled in must not start the app. */
const PLACEHOLDERS: Record<string, readonly string[]> = {
  SLACK_BOT_TOKEN: ['xoxb-your-bot-token'],
  SLACK_SIGNING_SECRET: ['your-signing-secret'],
  APPROVALS_CHANNEL_ID: ['C0123456789'],
  ORDERS_CHANNEL_ID: ['C0123456789'],
  APPROVER_USER_IDS: ['U0123456789'],
};
/** The check that refuses a setting's .env.example value, saying what to put instead. */
const notPlaceholder = (name: string, what: string) =>
  [
    (value: string) => !PLACEHOLDERS[name]?.includes(value.trim()),
    { message: `is still the example value of .env.example: put ${what}` },
  ] as const;

const CHANNEL_ID = 'the channel’s ID, from its name › About (it starts with C or G)';

const slackId = (prefix: string, what: string) =>
  z
    .string({ message: `is required: ${what}` })
    .regex(new RegExp(`^${prefix}[A-Z0-9]{2,}$`), `must be a Slack ID: ${what}`);
const channelId = (name: string) => slackId('[CG]', CHANNEL_ID).refine(...notPlaceholder(name, CHANNEL_ID));
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const USER_ID = 'a Slack user ID such as U0123456789, from a profile’s ⋮ › Copy member ID';
const userIdList = z
  .string()
  .refine(...notPlaceholder('APPROVER_USER_IDS', `the approvers’ IDs (${USER_ID})`))
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .superRefine((ids, ctx) => {
    ids.forEach((id, i) => {
      if (!/^[UW][A-Z0-9]{2,}$/.test(id)) {
        ctx.addIssue({ code: 'custom', message: `entry ${i + 1} of ${ids.length} is not ${USER_ID}` });
      }
    });
  });
const secret = (name: string, what: string) =>
  z
    .string({ message: `is required: ${what}` })
    .min(1, `is required: ${what}`)
    .refine(...notPlaceholder(name, what));
const url = (example: string) => z.url({ message: `must be a URL such as ${example}` });
const milliseconds = (min: number, fallback: number) =>
  z.coerce
    .number({ message: `must be a whole number of milliseconds, at least ${min}` })
    .int({ message: `must be a whole number of milliseconds, at least ${min}` })
    .min(min, { message: `must be a whole number of milliseconds, at least ${min}` })
    .default(fallback);

const DURATION_UNITS_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^(?:\d+(?:ms|s|m|h|d))+$/;

/** "4h", "90m", "7d", "1h30m": the one place durations with units are read, into milliseconds. */
function parseDuration(text: string): number | undefined {
  const compact = text.trim().toLowerCase();
  if (!DURATION.test(compact)) return undefined;
  let total = 0;
  for (const [, n = '', unit = ''] of compact.matchAll(/(\d+)(ms|s|m|h|d)/g)) {
    total += Number(n) * DURATION_UNITS_MS[unit as keyof typeof DURATION_UNITS_MS];
  }
  return total;
}

const duration = (min: string, fallback: string) => {
  const minMs = parseDuration(min) ?? 0;
  const problem = `must be a duration of at least ${min}, such as 30m, 4h, 7d or 1h30m`;
  return z
    .string()
    .default(fallback)
    .transform((v, ctx) => {
      const ms = parseDuration(v);
      if (ms === undefined || ms < minMs) {
        ctx.addIssue({ code: 'custom', message: problem });
        return z.NEVER;
      }
      return ms;
    });
};

/** Product IDs of the catalog, comma-separated: each must be one the app orders. */
const productIdList = z
  .string()
  .default('')
  .transform((v, ctx) => {
    const known = new Set(SCENARIOS.map((s) => s.productId));
    const ids = v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const id of ids) {
      if (!/^\d+$/.test(id) || !known.has(Number(id))) {
        ctx.addIssue({
          code: 'custom',
          message: `"${id}" is not a product the app orders (one of ${[...known].join(', ')}; see docs/catalog.md)`,
        });
      }
    }
    return ids.map(Number);
  });

const BOT_TOKEN = 'the Bot User OAuth Token (xoxb-…) from OAuth & Permissions';

const fields = {
  SLACK_BOT_TOKEN: secret('SLACK_BOT_TOKEN', BOT_TOKEN).refine((v) => v.startsWith('xoxb-'), {
    message: `must start with xoxb-: ${BOT_TOKEN}`,
  }),
  SLACK_SIGNING_SECRET: secret('SLACK_SIGNING_SECRET', 'the Signing Secret from Basic Information'),
  SLACK_APP_TOKEN: z
    .string()
    .refine((v) => v.startsWith('xapp-'), 'must start with xapp- (an app-level token with connections:write)')
    .optional(),
  SLACK_API_URL: url('https://slack.com/api/').optional(),
  PORT: z.coerce
    .number({ message: 'must be a port number from 0 to 65535' })
    .int({ message: 'must be a port number from 0 to 65535' })
    .min(0, { message: 'must be a port number from 0 to 65535' })
    .max(65535, { message: 'must be a port number from 0 to 65535' })
    .default(3000),
  APPROVALS_CHANNEL_ID: channelId('APPROVALS_CHANNEL_ID'),
  ORDERS_CHANNEL_ID: channelId('ORDERS_CHANNEL_ID'),
  APPROVER_USER_IDS: userIdList.default([]),
  APPROVER_USERGROUP_ID: slackId('S', 'a user group ID such as S0123456789').optional(),
  ALLOW_SELF_APPROVAL: bool.default(false),
  YEASTAR_SANDBOX: bool.default(false),
  YEASTAR_BASE_URL: url('https://openapi.partner.yeastar.com').default('https://openapi.partner.yeastar.com'),
  YEASTAR_TRACE_SHAPES: bool.default(false),
  /** How the customer list names the reseller itself: "Our own account (…)". */
  YEASTAR_ACCOUNT_NAME: z.string().max(50, { message: 'must be at most 50 characters' }).optional(),
  YEASTAR_CLIENT_ID: z.string().optional(),
  YEASTAR_CLIENT_SECRET: z.string().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|postgres(ql)?:\/\/)/, 'must start with sqlite: or postgres://')
    .default('sqlite:./data/orders.sqlite'),
  /** Pause between recovery runs (placing approved requests, looking up stale and in-doubt ones). */
  RECOVERY_INTERVAL_MS: milliseconds(100, 30_000),
  /** One Create an Order attempt, token and any 401 retry included, is over by then. */
  ORDER_DEADLINE_MS: milliseconds(100, 30_000),
  /** The placer's lease: a `placing` request whose lease lapsed is presumed abandoned and looked up. */
  STALE_PLACING_MS: milliseconds(200, 120_000),
  /** An order's absence from Query Order List is believed only this long after its outcome became unknown. */
  RECONCILE_GRACE_MS: milliseconds(200, 600_000),
  /** A pending request's approvers are reminded in its thread this long after it was posted, and again after each reminder. */
  REMINDER_AFTER: duration('1m', '4h'),
  /** Reminders per request at most; 0: none. */
  REMINDER_MAX: z.coerce
    .number({ message: 'must be a whole number from 0 to 20' })
    .int({ message: 'must be a whole number from 0 to 20' })
    .min(0, { message: 'must be a whole number from 0 to 20' })
    .max(20, { message: 'must be a whole number from 0 to 20' })
    .default(2),
  /** A request nobody approved or rejected this long after it was made expires. */
  EXPIRE_AFTER: duration('1h', '7d'),
  /** Orders of these products need two approvals, by two approvers. */
  SECOND_APPROVAL_PRODUCTS: productIdList,
  /** Orders that cost more than this ("1000 USD") need two approvals, and so do those whose price is not known. */
  SECOND_APPROVAL_ABOVE_AMOUNT: z
    .string()
    .transform((v, ctx) => {
      const m = /^\s*(\d+(?:\.\d+)?)\s+([A-Z]{3})\s*$/.exec(v);
      if (!m?.[1] || !m[2]) {
        ctx.addIssue({ code: 'custom', message: 'must be an amount and a currency code, such as 1000 USD' });
        return z.NEVER;
      }
      return { amount: m[1], currency: m[2] };
    })
    .optional(),
  /** Orders of more than this many units (extensions, connections…) need two approvals; unset: none. */
  SECOND_APPROVAL_ABOVE_QUANTITY: z.coerce
    .number({ message: 'must be a whole number of at least 1' })
    .int({ message: 'must be a whole number of at least 1' })
    .min(1, { message: 'must be a whole number of at least 1' })
    .optional(),
  /** Time limit of one Slack Web API call made to deliver a message; a timed-out message is retried. */
  SLACK_TIMEOUT_MS: milliseconds(100, 10_000),
  /** Serves GET /metrics to callers with `Authorization: Bearer <token>`; no token, no metrics. */
  METRICS_TOKEN: z
    .string()
    .min(16, {
      message: 'must be at least 16 characters: a random one, such as the output of openssl rand -hex 32',
    })
    .optional(),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
};

const schema = z.object(fields);
export type Config = z.infer<typeof schema>;

/** One problem: the setting it is about and what is wrong, in words an operator acts on. */
interface Problem {
  key: string;
  message: string;
}

/** Checks between settings; each runs only when the settings it reads are valid on their own. */
function crossProblems(valid: Partial<Config>, failed: ReadonlySet<string>): Problem[] {
  const problems: Problem[] = [];
  const { APPROVER_USER_IDS, APPROVER_USERGROUP_ID, ORDER_DEADLINE_MS, STALE_PLACING_MS } = valid;
  const approversReadable = !failed.has('APPROVER_USER_IDS') && !failed.has('APPROVER_USERGROUP_ID');
  if (approversReadable && APPROVER_USER_IDS?.length === 0 && !APPROVER_USERGROUP_ID) {
    problems.push({
      key: 'APPROVER_USER_IDS',
      message: 'set APPROVER_USER_IDS and/or APPROVER_USERGROUP_ID: nobody could approve a request',
    });
  }
  if (valid.APPROVALS_CHANNEL_ID && valid.APPROVALS_CHANNEL_ID === valid.ORDERS_CHANNEL_ID) {
    problems.push({
      key: 'ORDERS_CHANNEL_ID',
      message:
        'must differ from APPROVALS_CHANNEL_ID: the approvals channel shows Approve buttons to managers, the orders channel tells everyone else',
    });
  }
  // A placement still in flight must never look abandoned: the lease outlasts the deadline with room
  // for a slow database and a paused process.
  if (
    ORDER_DEADLINE_MS !== undefined &&
    STALE_PLACING_MS !== undefined &&
    STALE_PLACING_MS < 2 * ORDER_DEADLINE_MS
  ) {
    problems.push({
      key: 'STALE_PLACING_MS',
      message: `must be at least twice ORDER_DEADLINE_MS (${ORDER_DEADLINE_MS} ms), so that an order still being placed never looks abandoned; it is ${STALE_PLACING_MS}`,
    });
  }
  if (
    STALE_PLACING_MS !== undefined &&
    valid.RECONCILE_GRACE_MS !== undefined &&
    valid.RECONCILE_GRACE_MS < STALE_PLACING_MS
  ) {
    problems.push({
      key: 'RECONCILE_GRACE_MS',
      message: `must be at least STALE_PLACING_MS (${STALE_PLACING_MS} ms): Yeastar may record an order after the app stopped waiting; it is ${valid.RECONCILE_GRACE_MS}`,
    });
  }
  const { REMINDER_AFTER, REMINDER_MAX, EXPIRE_AFTER } = valid;
  if (
    REMINDER_AFTER !== undefined &&
    EXPIRE_AFTER !== undefined &&
    REMINDER_MAX &&
    REMINDER_AFTER >= EXPIRE_AFTER
  ) {
    problems.push({
      key: 'REMINDER_AFTER',
      message:
        'must be shorter than EXPIRE_AFTER, or no reminder would come before the request expires (set REMINDER_MAX=0 for none)',
    });
  }
  if (valid.YEASTAR_SANDBOX === false) {
    for (const key of ['YEASTAR_CLIENT_ID', 'YEASTAR_CLIENT_SECRET'] as const) {
      if (!valid[key]) {
        problems.push({
          key,
          message: 'is required (Partner Portal › System › API), or set YEASTAR_SANDBOX=true',
        });
      }
    }
  }
  return problems;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The settings as given: present and non-empty; empty strings count as unset. */
function presentSettings(env: NodeJS.ProcessEnv): Record<string, string> {
  const present: Record<string, string> = {};
  for (const [key, value] of Object.entries(env))
    if (value !== undefined && value !== '') present[key] = value;
  return present;
}

/**
 * Reads the settings from an environment (process.env by default). Every setting is checked on its own,
 * and the checks between settings run on those that are valid, so one run reports every problem.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = presentSettings(env);
  const valid: Record<string, unknown> = {};
  const problems: Problem[] = [];
  for (const [key, field] of Object.entries(fields) as [keyof Config, z.ZodType][]) {
    const parsed = field.safeParse(present[key]);
    if (!parsed.success) {
      // The first complaint per setting: the others say the same in other words.
      problems.push({ key, message: parsed.error.issues[0]?.message ?? 'is not valid' });
    } else if (parsed.data !== undefined) valid[key] = parsed.data;
  }
  problems.push(...crossProblems(valid as Partial<Config>, new Set(problems.map((p) => p.key))));
  if (problems.length > 0) throw new ConfigError(problems.map((p) => `${p.key} ${p.message}`));
  return valid as Config;
}

/** Every setting's name, as .env.example lists them. */
export const SETTING_NAMES = Object.keys(fields) as (keyof Config)[];
