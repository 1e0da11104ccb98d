import { z } from 'zod';

/**
 * How a Meshwork user becomes a database login, for engines whose grants go to roles
 * (PostgreSQL): `meshwork.yaml` `access: { postgresql: { login: "{username}" } }`, or a
 * pattern such as `"mw_{username}"`. The login of each member of a consumer team is made
 * a member of the team's group role when a grant is provisioned — if it exists then; the
 * engine reports the ones that do not. Without a mapping no login is made a member:
 * an administrator adds logins to the team roles by hand (docs/build.md).
 */
export const USERNAME_PLACEHOLDER = '{username}';

const MAX_TEMPLATE_CHARS = 100;

const loginTemplateSchema = z
  .string()
  .min(1)
  .max(MAX_TEMPLATE_CHARS)
  .superRefine((template, context) => {
    if (!template.includes(USERNAME_PLACEHOLDER)) {
      // A fixed login would make every user one database user, with every team's grants.
      context.addIssue({
        code: 'custom',
        message: `a login pattern containing ${USERNAME_PLACEHOLDER}, e.g. "${USERNAME_PLACEHOLDER}" or "mw_${USERNAME_PLACEHOLDER}"`,
      });
    }
    const rest = template.replaceAll(USERNAME_PLACEHOLDER, '');
    const unknown = rest.match(/\{[^}]*\}?/g);
    if (unknown !== null || rest.includes('}')) {
      context.addIssue({
        code: 'custom',
        message: `only the placeholder ${USERNAME_PLACEHOLDER} is known (found ${unknown?.[0] ?? '}'})`,
      });
    }
  });

export const engineLoginSchema = z.strictObject({
  /** The database login of a Meshwork user: `{username}` is replaced by the username. */
  login: loginTemplateSchema,
});

/** A Trino user name as a rules file and a group file can hold it. */
const trinoUserSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._@+-]+$/, 'letters, digits and . _ @ + - only');

/**
 * `access.trino` (issue 14): the members' Trino users (`user: "{username}"`), the service
 * user Meshwork queries as (default `meshwork`; always first in the rules with every right),
 * and where the rules and group files are written (the env's MESHWORK_TRINO_RULES_FILE and
 * MESHWORK_TRINO_GROUPS_FILE win).
 */
export const trinoAccessSchema = z.strictObject({
  user: loginTemplateSchema.optional(),
  serviceUser: trinoUserSchema.optional(),
  rulesFile: z.string().min(1).max(1000).optional(),
  groupsFile: z.string().min(1).max(1000).optional(),
});

/** `meshwork.yaml` `access:`: the login mapping per engine. */
export const accessSettingsSchema = z.strictObject({
  postgresql: engineLoginSchema.optional(),
  trino: trinoAccessSchema.optional(),
});

export type AccessSettings = z.infer<typeof accessSettingsSchema>;
/** The engines whose logins become role members (Trino's users go to a group file instead). */
export type LoginEngine = 'postgresql';

export const DEFAULT_TRINO_SERVICE_USER = 'meshwork';

/** The Trino users of Meshwork users (each once); empty without `access.trino.user`. */
export function trinoUsers(settings: AccessSettings, usernames: readonly string[]): string[] {
  const template = settings.trino?.user;
  if (template === undefined) return [];
  return [...new Set(usernames.map((u) => template.replaceAll(USERNAME_PLACEHOLDER, u)))];
}

/**
 * The `access:` settings of a parsed `meshwork.yaml`; problems as text when they are
 * invalid (then no mapping applies — `meshwork validate` reports them with their line).
 */
export function readAccessSettings(organisation: unknown): {
  readonly settings: AccessSettings;
  readonly problems: readonly string[];
} {
  const raw =
    typeof organisation === 'object' && organisation !== null && 'access' in organisation
      ? (organisation as { access?: unknown }).access
      : undefined;
  if (raw === undefined || raw === null) return { settings: {}, problems: [] };
  const parsed = accessSettingsSchema.safeParse(raw);
  if (parsed.success) return { settings: parsed.data, problems: [] };
  return {
    settings: {},
    problems: parsed.error.issues.map(
      (issue) => `access.${issue.path.map(String).join('.')}: ${issue.message}`,
    ),
  };
}

/** The database login of a user on the engine, or undefined when no mapping is configured. */
export function databaseLogin(
  settings: AccessSettings,
  engine: LoginEngine,
  username: string,
): string | undefined {
  const template = settings[engine]?.login;
  return template === undefined ? undefined : template.replaceAll(USERNAME_PLACEHOLDER, username);
}

/** The logins of the users (in order, each once); empty without a mapping. */
export function databaseLogins(
  settings: AccessSettings,
  engine: LoginEngine,
  usernames: readonly string[],
): string[] {
  const logins = usernames
    .map((username) => databaseLogin(settings, engine, username))
    .filter((login): login is string => login !== undefined);
  return [...new Set(logins)];
}
