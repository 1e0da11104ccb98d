import { z } from '@hono/zod-openapi';
// The API's one problem+json schema and response helpers, shared with the catalog routes.
import { jsonContent, problemResponse } from '../schemas.ts';

export { problemResponse };
export const jsonResponse = jsonContent;

export const RoleSchema = z.enum(['admin', 'governance']);

export const PrincipalSchema = z
  .object({
    username: z.string(),
    name: z.string(),
    roles: z.array(RoleSchema),
    domains: z.record(z.string(), z.enum(['owner', 'member'])),
    via: z.enum(['session', 'token']),
  })
  .openapi('Principal');

export const PublicUserSchema = z
  .object({
    username: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    roles: z.array(RoleSchema),
    disabled: z.boolean(),
    sso: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('User');

export const TokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    revoked: z.boolean(),
  })
  .openapi('ApiToken');

export const PasswordSchema = z.string().min(8).max(1024);

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});
