/** Who is calling through the gateway, and what the gateway lets them do. */
export type Role = 'agent' | 'supervisor' | 'admin';

export interface Identity {
  /** The Jodo login the caller is signed in as. */
  login: string;
  role: Role;
  /** Processes the caller works in; the first is the default for requests that name none. */
  servicekeys: string[];
  /** Logins a supervisor looks after (status and reallocation); empty for agents. */
  team: string[];
}

export const ROLES: readonly Role[] = ['agent', 'supervisor', 'admin'];

/** Finds who sent a request (a cookie, a bearer token, a header a proxy set); undefined when nobody is signed in. */
export type Authenticator = (request: import('node:http').IncomingMessage) => Identity | undefined | Promise<Identity | undefined>;

export function isIdentity(value: unknown): value is Identity {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const strings = (x: unknown) => Array.isArray(x) && x.every((s) => typeof s === 'string');
  return typeof v['login'] === 'string' && v['login'] !== '' && ROLES.includes(v['role'] as Role) && strings(v['servicekeys']) && strings(v['team']);
}
