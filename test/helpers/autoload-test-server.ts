/**
 * For the browser tests' server (web-test-runner.config.mjs): the autoloader
 * and its modules at `/autoload/…`, built once per run as `npm run build`
 * builds them (scripts/autoload.mjs), and a way to make the next requests of
 * a module fail, for the loader's retry (test/autoloader/autoloader.browser.test.ts):
 * `POST /autoload-faults?file=jodo-outbox.js&times=1`. Each module fetched is
 * counted: `GET /autoload-faults` answers `{ "jodo-status.js": 1, … }`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
// @ts-expect-error: a plain .mjs build script without types
import { AUTOLOAD_DIR, buildAutoload } from '../../scripts/autoload.mjs';

const PREFIX = `/${AUTOLOAD_DIR}/`;
const FAULTS = '/autoload-faults';

export function autoloadTestServer() {
  let files: Promise<Map<string, string>> | undefined;
  const failing = new Map<string, number>();
  const fetched = new Map<string, number>();
  const answer = (res: ServerResponse, status: number, type: string, body: string) => {
    res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' });
    res.end(body);
  };
  return {
    owns: (url: string) => url.startsWith(PREFIX) || url.startsWith(FAULTS),
    async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
      const url = new URL(req.url ?? '/', 'http://test.invalid');
      if (url.pathname === FAULTS) {
        if (req.method === 'POST') {
          failing.set(url.searchParams.get('file') ?? '', Number(url.searchParams.get('times') ?? 1));
          fetched.clear();
        }
        return answer(res, 200, 'application/json', JSON.stringify(Object.fromEntries(fetched)));
      }
      const path = url.pathname.slice(PREFIX.length);
      fetched.set(path, (fetched.get(path) ?? 0) + 1);
      const fails = failing.get(path) ?? 0;
      if (fails > 0) {
        failing.set(path, fails - 1);
        return answer(res, 503, 'text/plain', 'failing on purpose');
      }
      files ??= buildAutoload() as Promise<Map<string, string>>;
      const code = (await files).get(path);
      answer(res, code === undefined ? 404 : 200, code === undefined ? 'text/plain' : 'text/javascript', code ?? 'not found');
    },
  };
}
