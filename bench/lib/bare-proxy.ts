/**
 * `tsx bench/lib/bare-proxy.ts --upstream http://127.0.0.1:8787`
 *
 * The least a gateway can be: a node:http reverse proxy on a keep-alive
 * agent that passes every request to the upstream's origin as it came and
 * pipes the answer back. No authentication, no parsing. `bench/gateway.ts`
 * puts it in front of the sandbox to measure what one extra HTTP hop costs
 * on the machine: the floor under any gateway.
 */
import http from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { upstream: { type: 'string' }, port: { type: 'string', default: '0' } } });
const upstream = new URL(values.upstream ?? 'http://127.0.0.1:8787');
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

const server = http.createServer((req, res) => {
  const { connection: _hop, ...headers } = req.headers;
  const out = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  out.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  req.pipe(out);
});
server.listen(Number(values.port), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`bare proxy listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : values.port}\n`);
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
