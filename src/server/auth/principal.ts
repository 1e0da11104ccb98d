import type { Principal } from '../../core/access/roles.ts';

export type { DomainRole, Principal } from '../../core/access/roles.ts';

/** `c.get('principal')`: set on the context by `authenticate`. */
declare module 'hono' {
  interface ContextVariableMap {
    principal: Principal;
  }
}
