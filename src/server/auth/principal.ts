import type { GlobalRole } from '../../app/store/store.ts';

export type DomainRole = 'owner' | 'member';

/** Who is calling: set on the context by `authenticate`, read with `c.get('principal')`. */
export interface Principal {
  readonly username: string;
  readonly name: string;
  readonly roles: GlobalRole[];
  readonly domains: Record<string, DomainRole>;
  readonly via: 'session' | 'token';
}

declare module 'hono' {
  interface ContextVariableMap {
    principal: Principal;
  }
}
