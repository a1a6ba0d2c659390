/** A server that answers with bytes written by hand: any status line, headers, framing, a cut or a reset. */
import { createServer, type AddressInfo, type Socket } from 'node:net';

/** What happens after the answer's bytes: the connection closed, reset, cut short, or left open. */
export type Ending = 'close' | 'reset' | 'cut' | 'hang';

export interface RawReply {
  /** The bytes of the whole answer, status line included. */
  bytes: Buffer;
  ending: Ending;
  /** Where a `cut` answer stops. */
  cutAt?: number;
}

/**
 * Runs `use` against a server on a port of its own (so no connection is ever reused across calls)
 * that reads one request (head and Content-Length body), then writes `reply`; `reply` may also be
 * made from the request's bytes. Every socket is destroyed afterwards.
 */
export async function withRawServer<T>(reply: RawReply | ((request: Buffer) => RawReply), use: (url: string) => Promise<T>): Promise<T> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    let received = Buffer.alloc(0);
    let answered = false;
    socket.on('data', (data: Buffer) => {
      received = Buffer.concat([received, data]);
      const end = received.indexOf('\r\n\r\n');
      if (answered || end < 0) return;
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(received.subarray(0, end).toString('latin1'))?.[1] ?? 0);
      if (received.length < end + 4 + length) return;
      answered = true;
      const { bytes, ending, cutAt = 0 } = typeof reply === 'function' ? reply(received) : reply;
      switch (ending) {
        case 'close':
          socket.end(bytes);
          return;
        case 'reset':
          socket.write(bytes, () => socket.resetAndDestroy());
          return;
        case 'cut':
          socket.write(bytes.subarray(0, cutAt % (bytes.length + 1)), () => socket.destroy());
          return;
        case 'hang':
          socket.write(bytes);
          return;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}/CustomerWebServices/handleCustomerWS`);
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
