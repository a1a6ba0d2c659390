/**
 * Node only (`jodo-toolbar/server/gateway`): the same-origin gateway for a
 * CRM's own server, and the ways it can learn who is asking.
 */
export { createGateway, type Gateway, type GatewayOptions, type GatewaySessions } from './gateway.js';
export type { StreamLimits } from './push/events-endpoint.js';
export { bearerAuthenticator } from './bearer-authenticator.js';
export { SESSION_COOKIE, SECURE_SESSION_COOKIE } from './session-cookie-names.js';
export { jwtAuthenticator, jwtAuthenticatorFromEnv, type JwtAuthenticatorOptions } from './jwt-authenticator.js';
export { ROLES, isIdentity, type Authenticator, type Identity, type Role } from './identity.js';
export { DEMO_USERS } from './demo-users.js';
export { AppFolderError, appFiles, type AppFilesOptions } from './app-files.js';
export { gatewayServerProblems, startGatewayServer, type GatewayServer, type GatewayServerOptions } from './gateway-server.js';
