import type { TrinoClientFactory } from '../app/access/trino-rules-publisher.ts';
import { createTrinoClient } from '../engines/trino/client.ts';

/** The Trino access rules' client: trino-client as the service user (issue 14). */
export const trinoRulesClient: TrinoClientFactory = (config) =>
  createTrinoClient({
    server: config.url,
    user: config.serviceUser,
    ...(config.password === undefined ? {} : { password: config.password }),
  });
