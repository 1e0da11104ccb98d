// Accounts and identity (app/accounts/CONTEXT.md): what the CLI, the server and workers share.
export { resetAdmin, type AdminReset } from './admin-reset.ts';
export { listAuditEvents, recordAudit, type AuditEntry } from './audit.ts';
export { bootstrapAdmin } from './bootstrap-admin.ts';
export { createHashGate, GateBusyError, type HashGate } from './hash-gate.ts';
export { hashPassword, verifyAgainstDummy, verifyPassword } from './password.ts';
export { randomSecret, secretsEqual, sha256 } from './secrets.ts';
export {
  createSession,
  csrfTokenOf,
  endSession,
  findSession,
  isSessionCsrfToken,
  SESSION_HOURS,
  sessionUser,
  type LiveSession,
} from './sessions.ts';
export { checkPasswordSignIn } from './sign-in.ts';
export {
  identityRefusal,
  linkOidcIdentity,
  userForIdentity,
  type LinkOutcome,
  type OidcIdentity,
} from './sso-users.ts';
export {
  createToken,
  createTokenChecker,
  listTokens,
  revokeToken,
  TOKEN_PREFIX,
  tokenView,
  type TokenView,
} from './tokens.ts';
export {
  activeUser,
  createUser,
  deleteUser,
  endAccess,
  getUser,
  isOfThisAccount,
  listUsers,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  publicUser,
  updateUser,
  USERNAME_PATTERN,
  type NewUser,
  type PublicUser,
  type UserOutcome,
  type UserUpdate,
} from './users.ts';
