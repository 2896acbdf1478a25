import { z } from 'zod';

/**
 * Every setting, validated once at start. Names are a contract with operators and scripts: keep them.
 * A bad or missing value stops the app with one line per problem naming the variable and what to fix.
 */
const slackId = (prefix: string, example: string) =>
  z
    .string({ message: `is required (a Slack ID such as ${example})` })
    .regex(new RegExp(`^${prefix}[A-Z0-9]{2,}$`), `must be a Slack ID such as ${example}`);
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const userIdList = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(slackId('[UW]', 'U0123456789, from a profile’s ⋮ › Copy member ID')));
const secret = (what: string) =>
  z.string({ message: `is required (${what})` }).min(1, `is required (${what})`);

const schema = z
  .object({
    SLACK_BOT_TOKEN: secret('the bot token, xoxb-…').refine(
      (v) => v.startsWith('xoxb-'),
      'must start with xoxb-',
    ),
    SLACK_SIGNING_SECRET: secret('Basic Information › Signing Secret'),
    SLACK_APP_TOKEN: z
      .string()
      .refine(
        (v) => v.startsWith('xapp-'),
        'must start with xapp- (an app-level token with connections:write)',
      )
      .optional(),
    SLACK_API_URL: z.url({ message: 'must be a URL such as https://slack.com/api/' }).optional(),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    APPROVALS_CHANNEL_ID: slackId('[CG]', 'C0123456789, from the channel’s About tab'),
    ORDERS_CHANNEL_ID: slackId('[CG]', 'C0123456789, from the channel’s About tab'),
    APPROVER_USER_IDS: userIdList.default([]),
    APPROVER_USERGROUP_ID: slackId('S', 'S0123456789').optional(),
    ALLOW_SELF_APPROVAL: bool.default(false),
    YEASTAR_SANDBOX: bool.default(false),
    YEASTAR_BASE_URL: z
      .url({ message: 'must be a URL such as https://openapi.partner.yeastar.com' })
      .default('https://openapi.partner.yeastar.com'),
    YEASTAR_CLIENT_ID: z.string().optional(),
    YEASTAR_CLIENT_SECRET: z.string().optional(),
    DATABASE_URL: z
      .string()
      .regex(/^(sqlite:|postgres(ql)?:\/\/)/, 'must start with sqlite: or postgres://')
      .default('sqlite:./data/orders.sqlite'),
    /** Pause between recovery runs (placing approved requests, looking up stale and in-doubt ones). */
    RECOVERY_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
    /** One Create an Order attempt, token and any 401 retry included, is over by then. */
    ORDER_DEADLINE_MS: z.coerce.number().int().min(100).default(30_000),
    /** The placer's lease: a `placing` request whose lease lapsed is presumed abandoned and looked up. */
    STALE_PLACING_MS: z.coerce.number().int().min(200).default(120_000),
    /** An order's absence from Query Order List is believed only this long after its outcome became unknown. */
    RECONCILE_GRACE_MS: z.coerce.number().int().min(200).default(600_000),
    /** Time limit of one Slack Web API call made to deliver a message; a timed-out message is retried. */
    SLACK_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((env, ctx) => {
    if (env.APPROVER_USER_IDS.length === 0 && !env.APPROVER_USERGROUP_ID) {
      ctx.addIssue({
        code: 'custom',
        path: ['APPROVER_USER_IDS'],
        message: 'set APPROVER_USER_IDS and/or APPROVER_USERGROUP_ID: nobody could approve a request',
      });
    }
    // A placement still in flight must never look abandoned: the lease outlasts the deadline with room
    // for a slow database and a paused process.
    if (env.STALE_PLACING_MS < 2 * env.ORDER_DEADLINE_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['STALE_PLACING_MS'],
        message: `must be at least twice ORDER_DEADLINE_MS (${env.ORDER_DEADLINE_MS} ms), so that an order still being placed never looks abandoned; it is ${env.STALE_PLACING_MS}`,
      });
    }
    if (env.RECONCILE_GRACE_MS < env.STALE_PLACING_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['RECONCILE_GRACE_MS'],
        message: `must be at least STALE_PLACING_MS (${env.STALE_PLACING_MS} ms): Yeastar may record an order after the app stopped waiting; it is ${env.RECONCILE_GRACE_MS}`,
      });
    }
    if (!env.YEASTAR_SANDBOX) {
      for (const key of ['YEASTAR_CLIENT_ID', 'YEASTAR_CLIENT_SECRET'] as const) {
        if (!env[key]) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: 'is required (Partner Portal › System › API), or set YEASTAR_SANDBOX=true',
          });
        }
      }
    }
  });

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the settings from an environment (process.env by default); empty strings count as unset. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (parsed.success) return parsed.data;
  // Messages name the variable, never echo its value: it may be a secret.
  throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'} ${i.message}`));
}
