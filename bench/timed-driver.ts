import type { AppAnswer, SendRawOptions } from '../src/sandbox/slack';

/** What a request to the app was, as the figures group it. */
export type RequestKind = 'command' | 'click' | 'modal_action' | 'options' | 'submission' | 'other';

export interface TimedRequest {
  kind: RequestKind;
  /** The unsigned form body, so the same payload can be sent to the bare Bolt app. */
  body: string;
  ms: number;
  status: number;
}

export function kindOf(body: string): RequestKind {
  const payload = new URLSearchParams(body).get('payload');
  if (payload === null) return new URLSearchParams(body).has('command') ? 'command' : 'other';
  const parsed = JSON.parse(payload) as { type?: string; container?: { type?: string } };
  if (parsed.type === 'block_suggestion') return 'options';
  if (parsed.type === 'view_submission') return 'submission';
  if (parsed.type === 'block_actions') return parsed.container?.type === 'message' ? 'click' : 'modal_action';
  return 'other';
}

/** Whatever posts bodies to an app: every delivery goes through sendRaw. */
export interface Sender {
  sendRaw(body: string, options?: SendRawOptions): Promise<AppAnswer>;
}

/**
 * Times every request a driver sends (commands, clicks, modal work all go through sendRaw), from the
 * moment it is sent until the app's answer has arrived: that is the ack latency Slack would see.
 */
export function timeRequests<D extends Sender>(driver: D, log: TimedRequest[]): D {
  const send = driver.sendRaw.bind(driver);
  driver.sendRaw = async (body: string, options?: SendRawOptions): Promise<AppAnswer> => {
    const started = performance.now();
    const answer = await send(body, options);
    log.push({ kind: kindOf(body), body, ms: performance.now() - started, status: answer.status });
    return answer;
  };
  return driver;
}
