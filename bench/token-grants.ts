import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fillRequest, TUTORIAL_PLAYS } from '../src/demo';
import { tokenServesMs } from '../src/yeastar/token';
import { startServerProcess } from './children';
import type { Harness } from './harness';
import { RemotePartnerApi, TOKEN_PATH } from './remote-partner-api';

/**
 * Token grants at steady load: how often the app asks for a Partner API token while it keeps calling.
 * Yeastar's tokens live 1800 s, too long for a run, so a sandbox of its own issues tokens of
 * `tokenTtlSeconds` while one person a second submits a request (each submission reads its price, an
 * authorised call). The grants over that time, per token lifetime, show whether all calls share a token
 * until it is renewed; the same schedule at 1800 s gives the grants per hour.
 */

export interface TokenGrantsResult {
  ttlSeconds: number;
  seconds: number;
  grants: number;
  /** Partner API calls other than token grants in the same time. */
  otherCalls: number;
  /** Seconds between grants, measured. */
  secondsPerGrant: number;
}

/** How long the app uses a token of `ttlSeconds` before renewing it (src/yeastar/token.ts). */
export const renewalSeconds = (ttlSeconds: number) => tokenServesMs(ttlSeconds * 1000) / 1000;

export async function runTokenGrants(h: Harness, dir: string): Promise<TokenGrantsResult> {
  const { profile, users } = h;
  const sandbox = await startServerProcess(
    join(__dirname, 'stand-in.js'),
    { BENCH_TOKEN_TTL_SECONDS: String(profile.tokenTtlSeconds) },
    ['partner-api'],
  );
  try {
    const partner = new RemotePartnerApi(sandbox.url);
    const app = await h.startApp(`sqlite:${join(dir, 'tokens.sqlite')}`, { YEASTAR_BASE_URL: sandbox.url });
    try {
      const driver = h.driver(app, []);
      const play = TUTORIAL_PLAYS['renew-ycm-white-label'];
      const from = Date.now();
      for (let i = 0; Date.now() - from < profile.tokenLoadSeconds * 1000; i++) {
        const user = users[i % users.length]?.id ?? '';
        const modal = await fillRequest(driver, user, {
          ...play,
          choices: { ...play.choices, po_number: `TOKENS-${i}` },
        });
        await modal.submit();
        await sleep(Math.max(0, from + (i + 1) * 1000 - Date.now()));
      }
      const to = Date.now();
      const calls = await partner.calls(from, to);
      const grants = calls.byPath[TOKEN_PATH] ?? 0;
      return {
        ttlSeconds: profile.tokenTtlSeconds,
        seconds: (to - from) / 1000,
        grants,
        otherCalls: calls.total - grants,
        secondsPerGrant: grants > 0 ? (to - from) / 1000 / grants : Number.NaN,
      };
    } finally {
      await app.stop();
    }
  } finally {
    await sandbox.stop();
  }
}
