/** How big a benchmark run is: `npm run bench` (full) or `npm run bench:smoke` (CI). */
export interface Profile {
  name: 'full' | 'smoke';
  /** People who each send a command, work the modal, submit; each request is then approved once. */
  users: number;
  /** Approve clicks sent at the same moment on one approval message. */
  simultaneousClicks: number;
  /** Added by the Partner API sandbox to every answer. */
  latencyMs: number;
  /** People who send a command and open dropdowns while the Partner API hangs. */
  hangUsers: number;
  /** Rounds of every load phase, each against a fresh app and a fresh bare Bolt app, one after the other. */
  rounds: number;
  /** Samples of each single-request path, one person at a time. */
  singleSamples: number;
  /** Requests of the one requester whose Home tab is opened, and how many times it is opened. */
  homeRequests: number;
  homeSamples: number;
  /** Pending orders followed, and for how long, with the recovery interval at its minimum. */
  pendingOrders: number;
  followSeconds: number;
  /** How long after the last round its memory is read. */
  settleSeconds: number;
  /** Token grants at steady load: the sandbox's token lifetime, and how long one request a second is sent. */
  tokenTtlSeconds: number;
  tokenLoadSeconds: number;
}

export const PROFILES: Record<Profile['name'], Profile> = {
  full: {
    name: 'full',
    users: 200,
    simultaneousClicks: 50,
    latencyMs: 300,
    hangUsers: 50,
    rounds: 5,
    singleSamples: 20,
    homeRequests: 200,
    homeSamples: 20,
    pendingOrders: 3,
    followSeconds: 10,
    settleSeconds: 60,
    tokenTtlSeconds: 5,
    tokenLoadSeconds: 20,
  },
  smoke: {
    name: 'smoke',
    users: 10,
    simultaneousClicks: 5,
    latencyMs: 20,
    hangUsers: 5,
    rounds: 2,
    singleSamples: 2,
    homeRequests: 50,
    homeSamples: 2,
    pendingOrders: 1,
    followSeconds: 1,
    settleSeconds: 1,
    tokenTtlSeconds: 1,
    tokenLoadSeconds: 3,
  },
};
