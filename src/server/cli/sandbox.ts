/**
 * `npm run sandbox -- --port 8787 --db .jodo/sandbox.db [--no-dialer] [--host 127.0.0.1] [--tts-webhook URL]`
 * Starts the Jodo-compatible sandbox and prints the URL it listens on.
 */
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { createSandbox } from '../sandbox/sandbox.js';
import { JODO_PATH } from '../sandbox/endpoint.js';
import { isHttpUrl } from '../sandbox/messenger.js';

const USAGE = 'usage: npm run sandbox -- [--port 8787] [--host 127.0.0.1] [--db .jodo/sandbox.db | :memory:] [--no-dialer] [--tts-webhook URL]';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      db: { type: 'string', default: '.jodo/sandbox.db' },
      'no-dialer': { type: 'boolean', default: false },
      'tts-webhook': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values;
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const port = Number(args.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a number from 0 to 65535, not ${args.port}`);

const webhook = args['tts-webhook'];
if (webhook !== undefined && !isHttpUrl(webhook)) fail(`--tts-webhook must be an http(s) URL, not ${webhook}`);

const sandbox = createSandbox({ db: args.db, dialer: !args['no-dialer'], ...(webhook ? { ttsWebhook: webhook } : {}) });
const server = createServer((req, res) => void sandbox.handle(req, res));
server.on('error', (error: NodeJS.ErrnoException) => {
  sandbox.close();
  fail(error.code === 'EADDRINUSE' ? `port ${port} is in use: pick another with --port` : `could not listen: ${error.message}`);
});
server.listen(port, args.host, () => {
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  const host = args.host.includes(':') ? `[${args.host}]` : args.host;
  process.stdout.write(
    `Jodo sandbox listening on http://${host}:${actual}\n` +
      `  endpoint: http://${host}:${actual}${JODO_PATH}\n` +
      `  store:    ${args.db}${args['no-dialer'] ? '\n  dialer:   paused' : ''}${webhook ? `\n  speech:   ${webhook}` : ''}\n`,
  );
});

function stop() {
  server.close(() => {
    sandbox.close();
    process.exit(0);
  });
  server.closeAllConnections?.();
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
