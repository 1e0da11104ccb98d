import type { AccessMesh } from '../app/access/access-service.ts';
import type { CatalogService } from '../app/catalog/catalog-service.ts';
import type { EventPublisher } from '../app/notify/event-publisher.ts';
import { createStorePublisher, teamMembersIn } from '../app/notify/store-publisher.ts';
import { defaultLanguageOf } from '../app/privacy/record.ts';
import type { MeshworkStore } from '../app/store/store.ts';
import type { NotificationLanguage } from '../core/notify/notification-model.ts';
import type { ServerLog } from './log.ts';

/**
 * The server's publisher: the store's (app/notify), with the served mesh's teams for
 * events addressed to a team and the mesh's `defaults.language` for those who chose none.
 * The language is read from the served mesh before each publish (parsed once per revision
 * by the access seam), so a changed meshwork.yaml applies to the next event.
 */
export function createServerPublisher(
  store: MeshworkStore,
  catalog: CatalogService,
  mesh: () => Promise<AccessMesh>,
  log?: ServerLog,
): EventPublisher {
  let language: NotificationLanguage = 'en';
  const inner = createStorePublisher(store, {
    teamMembers: (team) =>
      teamMembersIn(new Map([...catalog.current.domains].map(([name, d]) => [name, d.teams])))(
        team,
      ),
    defaultLanguage: () => language,
    ...(log === undefined ? {} : { warn: (message, fields) => log.warn(message, fields) }),
  });
  return {
    async publish(event) {
      language = defaultLanguageOf((await mesh()).model);
      await inner.publish(event);
    },
  };
}
