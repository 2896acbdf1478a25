import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

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

/** A port that was just listening and is now closed: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
