/** Something a test starts and must stop: a sandbox, a scripted API, a proxy. */
interface Closable {
  close(): Promise<unknown>;
}

/**
 * Registers an afterEach that closes every server the test handed to the returned function, which passes
 * the server through, so a test can write `const sandbox = closedAfterTest(await startPartnerApiSandbox())`.
 */
export function closeAfterEachTest(): <T extends Closable>(server: T) => T {
  const open: Closable[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((server) => server.close()));
  });
  return (server) => {
    open.push(server);
    return server;
  };
}
