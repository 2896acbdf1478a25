import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import type { JsonObject } from './types';
import { APP_BOT } from './workspace';

/**
 * Slack's Socket Mode as @slack/socket-mode speaks it: `apps.connections.open` hands out a one-time
 * ws:// URL, the emulator greets each connection with `hello`, and every envelope it sends waits for the
 * app's ack `{envelope_id, payload?}`, whose payload is the app's answer (options, response_action, ...).
 */

const SOCKET_MODE_PATH = '/socket-mode';

/** What the driver sends: commands, interactions, and Events API callbacks (app_home_opened). */
export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

interface PendingAck {
  socket: WebSocket;
  resolve(payload: JsonObject): void;
  reject(error: Error): void;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Slack lets the app answer in the ack only where a person waits on the answer (not clicks, not events). */
function acceptsResponsePayload(type: EnvelopeType, payload: JsonObject): boolean {
  return type === 'slash_commands' || (type === 'interactive' && payload.type !== 'block_actions');
}

export class SocketModeHub {
  private readonly tickets = new Set<string>();
  /** Open connections, oldest first; envelopes go to the newest. */
  private readonly sockets = new Set<WebSocket>();
  private readonly pending = new Map<string, PendingAck>();
  private readonly server = new WebSocketServer({ noServer: true });

  /** `wsBaseUrl`: the emulator's address as ws://host:port. */
  constructor(private readonly wsBaseUrl: () => string) {}

  /** What `apps.connections.open` answers: a URL good for one connection. */
  open(): JsonObject {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return { url: `${this.wsBaseUrl()}${SOCKET_MODE_PATH}?ticket=${ticket}&app_id=${APP_BOT.appId}` };
  }

  get connections(): number {
    return this.sockets.size;
  }

  /** The HTTP server's `upgrade` handler: only a ticket from `open()` (used once) gets a connection. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://emulator');
    if (url.pathname !== SOCKET_MODE_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    if (!this.tickets.delete(url.searchParams.get('ticket') ?? '')) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    this.server.handleUpgrade(req, socket, head, (ws) => this.connected(ws));
  }

  private connected(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('message', (data, isBinary) => {
      if (!isBinary) this.acked(data);
    });
    ws.on('close', () => {
      this.sockets.delete(ws);
      for (const [id, ack] of this.pending) {
        if (ack.socket !== ws) continue;
        this.pending.delete(id);
        ack.reject(
          new Error(`slack emulator: the app closed its Socket Mode connection before acking ${id}`),
        );
      }
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.sockets.size,
        debug_info: { host: 'slack-emulator', approximate_connection_time: 3600 },
        connection_info: { app_id: APP_BOT.appId },
      }),
    );
  }

  private acked(data: RawData): void {
    let message: unknown;
    try {
      message = JSON.parse(data.toString());
    } catch {
      process.stderr.write('[slack-emulator] Socket Mode: ignored a message that is not JSON\n');
      return;
    }
    const id = isObject(message) && typeof message.envelope_id === 'string' ? message.envelope_id : '';
    const ack = this.pending.get(id);
    if (!ack || !isObject(message)) {
      process.stderr.write(`[slack-emulator] Socket Mode: ack for unknown envelope "${id}" ignored\n`);
      return;
    }
    this.pending.delete(id);
    ack.resolve(isObject(message.payload) ? message.payload : {});
  }

  /**
   * Sends an envelope over the newest connection and resolves with the ack's payload (`{}` when the app
   * acked without an answer). Rejects when no app is connected or it does not ack within `timeoutMs`.
   */
  deliver(type: EnvelopeType, payload: JsonObject, timeoutMs: number): Promise<JsonObject> {
    const socket = [...this.sockets].at(-1);
    if (!socket) return Promise.reject(new Error('slack emulator: no app is connected in Socket Mode'));
    const envelopeId = randomUUID();
    return new Promise<JsonObject>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelopeId);
        reject(new Error(`slack emulator: the app did not ack ${type} envelope within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(envelopeId, {
        socket,
        resolve: (answer) => {
          clearTimeout(timer);
          resolve(answer);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      socket.send(
        JSON.stringify({
          envelope_id: envelopeId,
          type,
          payload,
          accepts_response_payload: acceptsResponsePayload(type, payload),
        }),
      );
    });
  }

  /**
   * Closes every connection with a close frame, so a client already closing completes its handshake
   * (@slack/socket-mode otherwise keeps a 30 s timer). Stop the app first: a client still running
   * would try to reconnect to an emulator that is gone.
   */
  close(): void {
    for (const socket of this.sockets) socket.close(1001, 'going away');
    this.server.close();
  }
}
