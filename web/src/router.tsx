import type { AnchorHTMLAttributes, MouseEvent, ReactNode } from 'react';
import { useEffect, useSyncExternalStore } from 'react';

/**
 * The portal's few routes need no router library: the location lives in the History API
 * and components subscribe to it. Links are real anchors, so middle-click, copy-link and
 * the keyboard work as on any page.
 */
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

function snapshot(): string {
  return window.location.pathname + window.location.search;
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.scrollTo(0, 0);
  for (const listener of listeners) listener();
}

export interface Location {
  readonly path: string;
  readonly search: URLSearchParams;
}

export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, window.location.origin);
  return { path: url.pathname, search: url.searchParams };
}

export type Route =
  | { readonly page: 'login' }
  | { readonly page: 'home' }
  | { readonly page: 'marketplace' }
  | { readonly page: 'product'; readonly id: string }
  | { readonly page: 'domain'; readonly name: string }
  | { readonly page: 'governance' }
  | { readonly page: 'run'; readonly id: string }
  | { readonly page: 'tokens' }
  | { readonly page: 'users' }
  | { readonly page: 'my-access' }
  | { readonly page: 'inbox' }
  | { readonly page: 'audit' }
  | { readonly page: 'privacy-record' }
  | { readonly page: 'privacy-tasks' }
  | { readonly page: 'new-product' }
  | { readonly page: 'jobs' }
  | { readonly page: 'dashboard' }
  | { readonly page: 'notifications' }
  | { readonly page: 'not-found' };

export function matchRoute(path: string): Route {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second] = parts;
  if (parts.length === 0) return { page: 'home' };
  if (first === 'login' && parts.length === 1) return { page: 'login' };
  if (first === 'governance' && parts.length === 1) return { page: 'governance' };
  if (first === 'tokens' && parts.length === 1) return { page: 'tokens' };
  if (first === 'admin' && second === 'users' && parts.length === 2) return { page: 'users' };
  if (first === 'admin' && second === 'audit' && parts.length === 2) return { page: 'audit' };
  if (first === 'privacy' && second === 'record' && parts.length === 2)
    return { page: 'privacy-record' };
  if (first === 'privacy' && second === 'tasks' && parts.length === 2)
    return { page: 'privacy-tasks' };
  if (first === 'new-product' && parts.length === 1) return { page: 'new-product' };
  if (first === 'jobs' && parts.length === 1) return { page: 'jobs' };

  if (first === 'dashboard' && parts.length === 1) return { page: 'dashboard' };

  if (first === 'notifications' && parts.length === 1) return { page: 'notifications' };
  if (first === 'access' && parts.length === 1) return { page: 'my-access' };
  if (first === 'access' && second === 'inbox' && parts.length === 2) return { page: 'inbox' };
  if (first === 'runs' && second && parts.length === 2) return { page: 'run', id: second };
  if (first === 'products' && parts.length === 1) return { page: 'marketplace' };
  if (first === 'products' && second) return { page: 'product', id: parts.slice(1).join('/') };
  if (first === 'domains' && second && parts.length === 2) return { page: 'domain', name: second };
  return { page: 'not-found' };
}

export function productPath(id: string): string {
  return `/products/${id.split('/').map(encodeURIComponent).join('/')}`;
}

export function runPath(id: string): string {
  return `/runs/${encodeURIComponent(id)}`;
}

export function domainPath(name: string): string {
  return `/domains/${encodeURIComponent(name)}`;
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string; children: ReactNode };

export function Link({ to, children, onClick, ...rest }: LinkProps) {
  function follow(event: MouseEvent<HTMLAnchorElement>): void {
    onClick?.(event);
    const modified = event.metaKey || event.ctrlKey || event.shiftKey || event.altKey;
    if (event.defaultPrevented || event.button !== 0 || modified) return;
    event.preventDefault();
    navigate(to);
  }
  return (
    <a href={to} onClick={follow} {...rest}>
      {children}
    </a>
  );
}

/** Sets the document title per page, so history and screen readers name the page. */
export function useTitle(title: string | null): void {
  useEffect(() => {
    document.title = title ? `${title} · Meshwork` : 'Meshwork';
  }, [title]);
}
