import type {
  AppAnswer,
  EmulatedMessage,
  EmulatedView,
  JsonObject,
  RecordedCall,
} from '../src/sandbox/slack';

/**
 * The Slack emulator as the load generator sees it: another process, reached over HTTP only, through its
 * Web API and its `/__emulator/` controls.
 */

export interface Interaction {
  triggerId: string;
  responseUrl: string;
  /** The newest modal the person had open; one the app opens for this interaction comes after it. */
  viewSeq: number;
}

export type ListedMessage = EmulatedMessage & { replyCount: number };

async function json<T>(response: Response, what: string): Promise<T> {
  const body = (await response.json()) as T & { ok?: boolean; error?: string };
  if (!response.ok || body.ok === false) {
    throw new Error(`bench: emulator ${what} answered ${response.status} ${body.error ?? ''}`);
  }
  return body;
}

export class RemoteSlack {
  constructor(
    readonly url: string,
    private readonly botToken: string,
  ) {}

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  private control<T>(path: string, body?: unknown): Promise<T> {
    const init =
      body === undefined
        ? {}
        : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
    return fetch(`${this.url}/__emulator/${path}`, init).then((r) => json<T>(r, path.split('?')[0] ?? path));
  }

  interaction(user: string, channel: string, messageTs?: string): Promise<Interaction> {
    return this.control('interaction', { user, channel, ...(messageTs ? { messageTs } : {}) });
  }

  /** The newest modal open for `user` opened after `afterSeq`, once there is one. */
  async openedView(user: string, afterSeq: number, timeoutMs = 10_000): Promise<EmulatedView> {
    const q = new URLSearchParams({ user, after: String(afterSeq), timeoutMs: String(timeoutMs) });
    return (await this.control<{ view: EmulatedView }>(`view?${q}`)).view;
  }

  /** View `id` once the app has changed it from `hash`. */
  async changedView(id: string, hash: string, timeoutMs = 5000): Promise<EmulatedView> {
    const q = new URLSearchParams({ id, changedFrom: hash, timeoutMs: String(timeoutMs) });
    return (await this.control<{ view: EmulatedView }>(`view?${q}`)).view;
  }

  async messages(channel: string): Promise<ListedMessage[]> {
    return (await this.control<{ messages: ListedMessage[] }>(`messages?channel=${channel}`)).messages;
  }

  /** The app's calls (of `method`; '' for all) from the `from`th on, and where the next read starts. */
  async calls(method: string, from = 0): Promise<{ calls: RecordedCall[]; next: number }> {
    const q = new URLSearchParams({ ...(method ? { method } : {}), from: String(from) });
    return this.control(`calls?${q}`);
  }

  /** A Web API call with the bot token, as the app makes them. */
  async api(method: string, args: JsonObject = {}): Promise<JsonObject> {
    const response = await fetch(`${this.apiUrl}${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.botToken}` },
      body: JSON.stringify(args),
    });
    return json<JsonObject>(response, method);
  }
}

/** Resolves with `probe`'s first defined value, asking every `everyMs`; bounded by `timeoutMs`. */
export async function poll<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  { everyMs = 50, timeoutMs = 60_000 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export type { AppAnswer };
