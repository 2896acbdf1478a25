import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TOKEN_PATH } from './scripted-api';

/**
 * A loopback proxy in front of the sandbox that notes every token it hands out, so a test knows exactly
 * which access and refresh tokens the client has held.
 */
export async function startRecordingProxy(target: string) {
  const tokens: string[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(
        (entry): entry is [string, string] =>
          typeof entry[1] === 'string' && !['host', 'connection', 'content-length'].includes(entry[0]),
      ),
    );
    const body = req.method === 'GET' ? undefined : Buffer.concat(chunks);
    const answer = await fetch(`${target}${req.url}`, { method: req.method, headers, body });
    const text = await answer.text();
    if (req.url === TOKEN_PATH && answer.ok) {
      const { result } = JSON.parse(text) as { result: { token: string; refreshToken: string } };
      tokens.push(result.token, result.refreshToken);
    }
    res.writeHead(answer.status, {
      'content-type': answer.headers.get('content-type') ?? 'application/json',
    });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tokens,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
