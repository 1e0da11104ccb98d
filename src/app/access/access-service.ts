import { MeshworkError } from '../errors.ts';
import type { AccessService, AccessServiceOptions } from './access-types.ts';

export type * from './access-types.ts';
export { AccessBlockedError, isAccessBlockedError } from './access-errors.ts';

const notYet = (what: string) => (): never => {
  throw new MeshworkError('io', `access ${what}: not implemented yet`);
};

/**
 * The access application service (issue 10): requests, decisions, grants, the sweep and
 * the data route's verdict. The store and the clock are passed in; nothing is opened here.
 */
export function createAccessService(options: AccessServiceOptions): AccessService {
  void options;
  return {
    request: notYet('request'),
    decide: notYet('decide'),
    getRequest: notYet('getRequest'),
    listRequests: notYet('listRequests'),
    listGrants: notYet('listGrants'),
    getGrant: notYet('getGrant'),
    revoke: notYet('revoke'),
    recertify: notYet('recertify'),
    sweep: notYet('sweep'),
    consumersOf: notYet('consumersOf'),
    dataAccess: notYet('dataAccess'),
  };
}
export { accessMeshFromTexts, accessMeshOf, cachedAccessMesh } from './access-mesh.ts';
