import { teamsByDomain } from '../app/catalog/teams.ts';
import type { EventPublisher } from '../app/notify/event-publisher.ts';
import { createStorePublisher, teamMembersIn } from '../app/notify/store-publisher.ts';
import { defaultLanguageOf } from '../app/privacy/record.ts';
import type { MeshworkStore } from '../app/store/store.ts';
import { readMeshFiles } from '../app/workspace/read-mesh.ts';
import { buildMeshModel } from '../core/mesh/mesh-model.ts';

/**
 * The publisher of a `meshwork worker` (issue 13): the store's, with the teams and the
 * `defaults.language` of the mesh in the workspace, read when an event comes (events
 * are few; a changed domain.yaml applies to the next one without a restart).
 */
export function workspacePublisher(store: MeshworkStore, meshRoot: string): EventPublisher {
  return {
    async publish(event) {
      const model = buildMeshModel((await readMeshFiles(meshRoot)).documents);
      const language = defaultLanguageOf(model);
      await createStorePublisher(store, {
        teamMembers: teamMembersIn(teamsByDomain(model)),
        defaultLanguage: () => language,
      }).publish(event);
    },
  };
}
