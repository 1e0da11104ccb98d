import { z } from '@hono/zod-openapi';
// The API's one problem+json schema, so the OpenAPI document has a single Problem component.
import { ProblemDetailsSchema } from '../schemas.ts';

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

export const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemDetailsSchema } },
});

export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});
