import { useEffect, useMemo, useState } from 'react';
import type { Principal } from './api.ts';
import { ApiError, api } from './api.ts';
import { Layout } from './components/layout.tsx';
import { ErrorState, Loading } from './components/states.tsx';
import type { Locale } from './i18n.ts';
import { I18nContext, initialLocale, translator } from './i18n.ts';
import { DomainPage } from './pages/domain.tsx';
import { GovernancePage } from './pages/governance.tsx';
import { DashboardPage } from './pages/dashboard.tsx';
import { HomePage } from './pages/home.tsx';
import { LoginPage } from './pages/login.tsx';
import { MarketplacePage } from './pages/marketplace.tsx';
import { NotificationsPage } from './pages/notifications.tsx';
import { NotFoundPage } from './pages/not-found.tsx';
import { ProductPage } from './pages/product.tsx';
import { RunPage } from './pages/run.tsx';
import { TokensPage } from './pages/tokens.tsx';
import { UsersPage } from './pages/users.tsx';
import { AuditPage } from './pages/audit.tsx';
import { InboxPage } from './pages/inbox.tsx';
import { MyAccessPage } from './pages/my-access.tsx';
import { PrivacyRecordPage } from './pages/privacy-record.tsx';
import { PrivacyTasksPage } from './pages/privacy-tasks.tsx';
import { NewProductPage } from './pages/new-product.tsx';
import { JobsPage } from './pages/jobs.tsx';
import { PolicyTextsContext, useLoadPolicyTexts } from './policy-texts.ts';
import { matchRoute, navigate, useLocation } from './router.tsx';

type Session =
  | { readonly state: 'checking' }
  | { readonly state: 'anonymous' }
  | { readonly state: 'signed-in'; readonly user: Principal }
  | { readonly state: 'error'; readonly error: Error };

export function App() {
  const [locale, setLocale] = useState<Locale>(initialLocale);
  const i18n = useMemo(
    () => ({
      locale,
      t: translator(locale),
      setLocale: (next: Locale) => {
        localStorage.setItem('meshwork.locale', next);
        setLocale(next);
      },
    }),
    [locale],
  );
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const [session, setSession] = useState<Session>({ state: 'checking' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    api.me().then(
      (user) => setSession({ state: 'signed-in', user }),
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 401) setSession({ state: 'anonymous' });
        else
          setSession({
            state: 'error',
            error: error instanceof Error ? error : new Error(String(error)),
          });
      },
    );
  }, [attempt]);

  const location = useLocation();
  const route = matchRoute(location.path);
  const anonymous = session.state === 'anonymous';
  useEffect(() => {
    if (anonymous && route.page !== 'login') {
      const next =
        location.path + (location.search.size > 0 ? `?${location.search.toString()}` : '');
      navigate(`/login${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`, {
        replace: true,
      });
    }
  }, [anonymous, route.page, location]);

  function signedIn(user: Principal): void {
    setSession({ state: 'signed-in', user });
    const next = location.search.get('next');
    navigate(next?.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
  }

  function signOut(): void {
    void api.logout().finally(() => {
      setSession({ state: 'anonymous' });
      navigate('/login');
    });
  }

  const policyTexts = useLoadPolicyTexts(locale, session.state === 'signed-in');

  let body;
  if (session.state === 'checking') body = <Loading />;
  else if (session.state === 'error')
    body = <ErrorState error={session.error} onRetry={() => setAttempt((n) => n + 1)} />;
  else if (session.state === 'anonymous' || route.page === 'login')
    body = <LoginPage onSignedIn={signedIn} />;
  else if (policyTexts === null) body = <Loading />;
  else
    body = (
      <Layout route={route} user={session.user} onSignOut={signOut}>
        {route.page === 'home' ? <HomePage user={session.user} /> : null}
        {route.page === 'marketplace' ? <MarketplacePage /> : null}
        {route.page === 'product' ? (
          <ProductPage key={route.id} id={route.id} user={session.user} />
        ) : null}
        {route.page === 'domain' ? (
          <DomainPage key={route.name} name={route.name} user={session.user} />
        ) : null}
        {route.page === 'new-product' ? <NewProductPage user={session.user} /> : null}
        {route.page === 'governance' ? <GovernancePage /> : null}
        {route.page === 'dashboard' ? <DashboardPage /> : null}
        {route.page === 'run' ? <RunPage key={route.id} id={route.id} /> : null}
        {route.page === 'tokens' ? <TokensPage /> : null}
        {route.page === 'users' ? <UsersPage user={session.user} /> : null}
        {route.page === 'my-access' ? <MyAccessPage user={session.user} /> : null}
        {route.page === 'inbox' ? <InboxPage /> : null}
        {route.page === 'audit' ? <AuditPage /> : null}
        {route.page === 'privacy-record' ? <PrivacyRecordPage user={session.user} /> : null}
        {route.page === 'privacy-tasks' ? <PrivacyTasksPage user={session.user} /> : null}
        {route.page === 'jobs' ? <JobsPage /> : null}

        {route.page === 'notifications' ? <NotificationsPage user={session.user} /> : null}
        {route.page === 'not-found' ? <NotFoundPage /> : null}
      </Layout>
    );
  return (
    <I18nContext.Provider value={i18n}>
      <PolicyTextsContext.Provider value={policyTexts ?? {}}>{body}</PolicyTextsContext.Provider>
    </I18nContext.Provider>
  );
}
