/** Ports for the servers and browsers a Node test starts: one free now, and waiting for one to listen. */
import { connect, createServer, type AddressInfo } from 'node:net';

/** A port nothing listens on right now (the OS picks it), for a server the test starts next. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves once something accepts connections on `port`; fails after `timeout` ms naming `what`. */
export async function waitForPort(port: number, timeout: number, what: string): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      }).on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`${what} did not listen on port ${port} within ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
