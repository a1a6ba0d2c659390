/**
 * The gateway command's settings, from its flags and the environment, checked
 * at start with zod: every wrong or missing setting is one line of the
 * error, and the command exits with code 2 before it listens.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { appFolderProblems } from '../gateway/app-files.js';
import { MIN_SECRET_LENGTH } from '../gateway/state/state.js';
import { TRUSTED_TYPES_NAME } from '../http/page-policy.js';

export const USAGE = `usage: npm run gateway -- [--port 8788] [--host 127.0.0.1] [--upstream URL] [--redis URL] [--metrics-port M] [--metrics-host H]
       [--rate-limit N] [--key-file PATH] [--base-path /jodo] [--store .jodo/gateway.db] [--db .jodo/sandbox.db]
       [--demo-sign-in] [--public-origin https://crm.example.com]... [--upstream-timeout 15] [--drain-delay 0] [--shutdown-timeout 10] [--log-level info]
       [--events-interval 1] [--static DIR [--trusted-types NAME]...]
environment: JODO_APIKEY, JODO_GATEWAY_SECRET, JODO_REDIS_URL, JODO_METRICS_PORT, JODO_LOG_LEVEL
(JWT sign-in: JODO_JWT_JWKS_URL or JODO_JWT_PUBLIC_KEY_FILE, with JODO_JWT_ISSUER and JODO_JWT_AUDIENCE)`;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const port = (name: string) =>
  z.coerce.number({ error: `${name} must be a port number` }).int(`${name} must be a whole number`).min(0, `${name} must be from 0 to 65535`).max(65535, `${name} must be from 0 to 65535`);

const url = (name: string, protocols: readonly string[]) =>
  z.string().refine((value) => URL.canParse(value) && protocols.includes(new URL(value).protocol), `${name} must be a ${protocols.map((p) => p.replace(':', '')).join(' or ')} URL`);

const SCHEMA = z
  .object({
    port: port('--port'),
    host: z.string().min(1, '--host must name an address'),
    upstream: url('--upstream', ['http:', 'https:']).optional(),
    redis: url('--redis (or JODO_REDIS_URL)', ['redis:', 'rediss:']).optional(),
    metricsPort: port('--metrics-port (or JODO_METRICS_PORT)').optional(),
    metricsHost: z.string().min(1).optional(),
    rateLimit: z.coerce.number({ error: '--rate-limit must be a number' }).int('--rate-limit must be a whole number').positive('--rate-limit must be at least 1').optional(),
    apikey: z.string().optional(),
    secret: z.string().min(MIN_SECRET_LENGTH, `JODO_GATEWAY_SECRET must be at least ${MIN_SECRET_LENGTH} characters (openssl rand -base64 48)`).optional(),
    basePath: z.string().regex(/^\/[A-Za-z0-9._~/-]*$/, '--base-path must be a path such as /jodo'),
    store: z.string().min(1),
    db: z.string().min(1),
    demoSignIn: z.boolean().optional(),
    publicOrigins: z.array(
      z.string().refine((origin) => {
        const parsed = URL.canParse(origin) ? new URL(origin) : undefined;
        return parsed !== undefined && /^https?:$/.test(parsed.protocol) && parsed.origin === origin.replace(/\/+$/, '');
      }, '--public-origin must be an origin such as https://crm.example.com'),
    ),
    // Also how long an idempotency key stays reserved for a replica that died mid-write (this plus 5 s).
    upstreamTimeoutSeconds: z.coerce.number({ error: '--upstream-timeout must be a number of seconds' }).positive('--upstream-timeout must be more than 0 seconds').max(600, '--upstream-timeout must be at most 600 seconds'),
    // How often the event streams' poller asks Jodo (the one poller among replicas): a change's longest wait.
    eventsIntervalSeconds: z.coerce.number({ error: '--events-interval must be a number of seconds' }).min(0.1, '--events-interval must be at least 0.1 seconds').max(60, '--events-interval must be at most 60 seconds'),
    drainDelaySeconds: z.coerce.number({ error: '--drain-delay must be a number of seconds' }).min(0, '--drain-delay must not be negative').max(600, '--drain-delay must be at most 600 seconds'),
    shutdownTimeoutSeconds: z.coerce.number({ error: '--shutdown-timeout must be a number of seconds' }).min(0, '--shutdown-timeout must not be negative').max(600, '--shutdown-timeout must be at most 600 seconds'),
    // A built app served beside the gateway on one origin (app-files.ts), for trying the toolbar in it.
    staticDir: z.string().min(1, '--static must name a folder').optional(),
    trustedTypes: z.array(z.string().regex(TRUSTED_TYPES_NAME, '--trusted-types must name a Trusted Types policy, such as svelte-trusted-html')),
    logLevel: z.enum(LOG_LEVELS, { error: `--log-level must be one of ${LOG_LEVELS.join(', ')}` }),
  });

/** What the settings need of each other: checked on what was given, so they are told beside any wrong value. */
function missing(given: { upstream?: string; redis?: string; apikey?: string; secret?: string; port: string; metricsPort?: string; staticDir?: string; trustedTypes?: string[] }): string[] {
  const errors: string[] = [];
  if (given.upstream && !given.apikey) errors.push('the organisation key is missing: pass --key-file PATH or set JODO_APIKEY');
  if (given.redis && !given.secret) errors.push('JODO_GATEWAY_SECRET is missing: with --redis every replica needs the same secret');
  if (given.trustedTypes?.length && !given.staticDir) errors.push('--trusted-types needs --static: it is the policy of the app served');
  if (given.redis && !given.upstream) errors.push('--redis needs --upstream: replicas share a Jodo, not a sandbox inside one of them');
  if (given.metricsPort !== undefined && Number(given.metricsPort) !== 0 && Number(given.metricsPort) === Number(given.port)) {
    errors.push('--metrics-port must differ from --port: metrics are never served on the public origin');
  }
  return errors;
}

export type GatewayConfig = z.infer<typeof SCHEMA> & { help: boolean };

/** The settings, or the lines saying what is wrong with them. */
export function readGatewayConfig(argv: string[], env: Record<string, string | undefined>): { config: GatewayConfig } | { errors: string[] } {
  let values;
  try {
    values = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '8788' },
        host: { type: 'string', default: '127.0.0.1' },
        upstream: { type: 'string' },
        redis: { type: 'string' },
        'metrics-port': { type: 'string' },
        'metrics-host': { type: 'string' },
        'rate-limit': { type: 'string' },
        'key-file': { type: 'string' },
        'base-path': { type: 'string', default: '/jodo' },
        store: { type: 'string', default: '.jodo/gateway.db' },
        db: { type: 'string', default: '.jodo/sandbox.db' },
        // No default: unset means "only in front of the in-process sandbox".
        'demo-sign-in': { type: 'boolean' },
        'public-origin': { type: 'string', multiple: true },
        'upstream-timeout': { type: 'string', default: '15' },
        'drain-delay': { type: 'string', default: '0' },
        'events-interval': { type: 'string', default: '1' },
        static: { type: 'string' },
        'trusted-types': { type: 'string', multiple: true },
        'shutdown-timeout': { type: 'string', default: '10' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    return { errors: [error instanceof Error ? error.message : String(error)] };
  }
  const fromEnv = (name: string) => env[name]?.trim() || undefined;
  const errors: string[] = [];
  let apikey = fromEnv('JODO_APIKEY');
  if (values['key-file']) {
    try {
      apikey = readFileSync(values['key-file'], 'utf8').trim();
    } catch {
      errors.push(`--key-file ${values['key-file']} cannot be read`);
    }
  }
  const input = {
    port: values.port,
    host: values.host,
    upstream: values.upstream,
    redis: values.redis ?? fromEnv('JODO_REDIS_URL'),
    metricsPort: values['metrics-port'] ?? fromEnv('JODO_METRICS_PORT'),
    metricsHost: values['metrics-host'],
    rateLimit: values['rate-limit'],
    apikey,
    secret: env['JODO_GATEWAY_SECRET'] || undefined,
    basePath: values['base-path'],
    store: values.store,
    db: values.db,
    demoSignIn: values['demo-sign-in'],
    publicOrigins: values['public-origin'] ?? [],
    upstreamTimeoutSeconds: values['upstream-timeout'],
    drainDelaySeconds: values['drain-delay'],
    eventsIntervalSeconds: values['events-interval'],
    staticDir: values.static,
    trustedTypes: values['trusted-types'] ?? [],
    shutdownTimeoutSeconds: values['shutdown-timeout'],
    logLevel: values['log-level'] ?? fromEnv('JODO_LOG_LEVEL') ?? 'info',
  };
  const parsed = SCHEMA.safeParse(input);
  if (!parsed.success) errors.push(...parsed.error.issues.map((issue) => issue.message));
  errors.push(...missing(input));
  if (values.static) {
    const files = { '--store': values.store, '--db': values.db, '--key-file': values['key-file'] };
    errors.push(...appFolderProblems(values.static, { files, basePath: values['base-path'], names: { app: '--static', basePath: '--base-path' } }));
  }
  if (errors.length || !parsed.success) return { errors };
  return { config: { ...parsed.data, publicOrigins: parsed.data.publicOrigins.map((origin) => new URL(origin).origin), help: Boolean(values.help) } };
}
