import axios, { type AxiosAdapter } from 'axios';

// Nothing in the suite may reach beyond this machine: every server a test talks to listens on loopback.
const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];

function refuseUnlessLoopback(url: URL): void {
  if (!LOOPBACK.includes(url.hostname)) {
    throw new Error(`test tried to reach ${url.host}: only loopback is allowed in tests`);
  }
}

const originalFetch = globalThis.fetch;
globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
  refuseUnlessLoopback(new URL(input instanceof Request ? input.url : String(input)));
  return originalFetch(input, init);
}) as typeof fetch;

// The Partner API client speaks through axios, whose instances copy these defaults when created.
const httpAdapter = axios.getAdapter('http');
const loopbackOnly: AxiosAdapter = async (config) => {
  refuseUnlessLoopback(new URL(axios.getUri(config)));
  return httpAdapter(config);
};
axios.defaults.adapter = loopbackOnly;
