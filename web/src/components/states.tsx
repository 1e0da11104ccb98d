import type { ReactNode } from 'react';
import { ApiError } from '../api.ts';
import { useI18n } from '../i18n.ts';
import type { Loaded } from '../use-load.ts';

export function Loading() {
  const { t } = useI18n();
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {t('loading')}
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const { t } = useI18n();
  const notFound = error instanceof ApiError && error.status === 404;
  return (
    <div className="state state-error" role="alert">
      <strong>{notFound ? t('notFound') : t('errorTitle')}</strong>
      <p>{error.message}</p>
      {onRetry && !notFound ? (
        <button type="button" className="button" onClick={onRetry}>
          {t('retry')}
        </button>
      ) : null}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="state state-empty">{children}</p>;
}

/** Renders the loading and error states of a `useLoad` result, and `children` once ready. */
export function Await<T>({
  loaded,
  retry,
  children,
}: {
  loaded: Loaded<T>;
  retry?: () => void;
  children: (data: T) => ReactNode;
}) {
  if (loaded.state === 'loading') return <Loading />;
  if (loaded.state === 'error')
    return retry ? (
      <ErrorState error={loaded.error} onRetry={retry} />
    ) : (
      <ErrorState error={loaded.error} />
    );
  return <>{children(loaded.data)}</>;
}
