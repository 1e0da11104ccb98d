import { z } from 'zod';
import { KEBAB_CASE } from './organisation.ts';

/**
 * `domains/<domain>/domain.yaml`: a business domain and the team(s) that own its
 * products. Roles are deliberately two: owners change the domain's things and approve
 * access, members work on them (the server maps them to permissions).
 */
export const TEAM_ROLES = ['owner', 'member'] as const;

export const teamMemberSchema = z.strictObject({
  username: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/, 'a lower-case username (letters, digits, . _ -)'),
  name: z.string().min(1),
  email: z.email(),
  role: z.enum(TEAM_ROLES),
  title: z.string().optional(),
});

export const teamSchema = z.strictObject({
  name: z.string().regex(KEBAB_CASE, 'a kebab-case team name such as sales-team'),
  description: z.string().optional(),
  members: z.array(teamMemberSchema).min(1),
});

export const domainSchema = z.strictObject({
  apiVersion: z.literal('meshwork/v1'),
  kind: z.literal('Domain'),
  name: z.string().regex(KEBAB_CASE, 'a kebab-case domain name equal to its folder name'),
  title: z.string().min(1),
  description: z.string().optional(),
  team: teamSchema,
  /** Further teams of the domain; a product's team is the domain's team or one of these. */
  teams: z.array(teamSchema).optional(),
});

export type Domain = z.infer<typeof domainSchema>;
export type Team = z.infer<typeof teamSchema>;
