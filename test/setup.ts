// Nothing in the suite may reach beyond this machine: every server a test talks to listens on loopback.
const originalFetch = globalThis.fetch;
globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new Error(`test tried to reach ${url.host}: only loopback is allowed in tests`);
  }
  return originalFetch(input, init);
}) as typeof fetch;
