import type { ReactNode } from 'react';
import type { Principal } from '../api.ts';
import type { Locale } from '../i18n.ts';
import { LOCALES, useI18n } from '../i18n.ts';
import { useInboxCount } from '../inbox-count.ts';
import { mayDecide } from './access-bits.tsx';
import { mayReadRecord, maySeeTasks } from './privacy-tabs.tsx';
import type { Route } from '../router.tsx';
import { Link } from '../router.tsx';
import { maySeeDashboard } from './adoption-chart.tsx';
import type { NavEntry } from './nav-more.tsx';
import { NavMore } from './nav-more.tsx';

export function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  return (
    <label className="language">
      <span className="visually-hidden">{t('language')}</span>
      <select
        value={locale}
        onChange={(event) => setLocale(event.target.value as Locale)}
        data-testid="language"
        aria-label={t('language')}
      >
        {LOCALES.map((l) => (
          <option key={l} value={l}>
            {l === 'de' ? 'Deutsch' : 'English'}
          </option>
        ))}
      </select>
    </label>
  );
}

function Logo() {
  return (
    <svg className="logo" viewBox="0 0 32 32" aria-hidden="true">
      <rect width="32" height="32" rx="7" />
      <path d="M9 10L23 10L16 23Z" />
      <circle cx="9" cy="10" r="3" />
      <circle cx="23" cy="10" r="3" />
      <circle cx="16" cy="23" r="3" />
    </svg>
  );
}

export function Layout({
  route,
  user,
  onSignOut,
  children,
}: {
  route: Route;
  user: Principal;
  onSignOut: () => void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const decides = mayDecide(user);
  const inbox = useInboxCount(decides, route.page);
  const audits = user.roles.includes('admin') || user.roles.includes('governance');
  const items: (NavEntry & { count?: string })[] = [
    { to: '/', label: t('navHome'), current: route.page === 'home' || route.page === 'domain' },
    {
      to: '/products',
      label: t('navMarketplace'),
      current: route.page === 'marketplace' || route.page === 'product',
    },
    { to: '/governance', label: t('navGovernance'), current: route.page === 'governance' },
    ...(maySeeDashboard(user)
      ? [{ to: '/dashboard', label: t('navDashboard'), current: route.page === 'dashboard' }]
      : []),
    { to: '/access', label: t('navMyAccess'), current: route.page === 'my-access' },
    ...(decides
      ? [
          {
            to: '/access/inbox',
            label: t('navInbox'),
            current: route.page === 'inbox',
            ...(inbox && inbox.count > 0
              ? { count: `${inbox.count}${inbox.more ? '+' : ''}` }
              : {}),
          },
        ]
      : []),
  ];
  // Operational and admin pages: behind "More", so the bar stays one row as pages are added.
  const more: NavEntry[] = [
    { to: '/jobs', label: t('navJobs'), current: route.page === 'jobs' },
    {
      to: '/notifications',
      label: t('navNotifications'),
      current: route.page === 'notifications',
    },
    { to: '/tokens', label: t('navTokens'), current: route.page === 'tokens' },
    ...(user.roles.includes('admin')
      ? [{ to: '/admin/users', label: t('navUsers'), current: route.page === 'users' }]
      : []),
    ...(audits
      ? [{ to: '/admin/audit', label: t('navAudit'), current: route.page === 'audit' }]
      : []),
    // The DPO's pages under one entry; a domain owner sees the erasure tasks of their sources.
    ...(mayReadRecord(user)
      ? [
          {
            to: '/privacy/record',
            label: t('navPrivacy'),
            current: route.page === 'privacy-record' || route.page === 'privacy-tasks',
          },
        ]
      : maySeeTasks(user)
        ? [
            {
              to: '/privacy/tasks',
              label: t('navErasureTasks'),
              current: route.page === 'privacy-tasks',
            },
          ]
        : []),
  ];
  return (
    <>
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className={items.length + 1 > 6 ? 'topbar crowded' : 'topbar'}>
        <div className="topbar-inner">
          <Link to="/" className="brand">
            <Logo />
            <span>{t('appName')}</span>
          </Link>
          <nav aria-label={t('mainNavigation')} className="mainnav">
            <ul>
              {items.map((item) => (
                <li key={item.to}>
                  <Link to={item.to} {...(item.current ? { 'aria-current': 'page' as const } : {})}>
                    {item.label}
                    {item.count ? (
                      <span className="nav-count">
                        <span aria-hidden="true" data-testid="inbox-count">
                          {item.count}
                        </span>
                        <span className="visually-hidden">
                          {', '}
                          {t('inboxCount', { n: item.count })}
                        </span>
                      </span>
                    ) : null}
                  </Link>
                </li>
              ))}
            </ul>
            <NavMore entries={more} page={route.page} />
          </nav>
          <div className="topbar-tools">
            <LanguageSwitch />
            <span className="user" title={`${t('signedInAs')} ${user.username}`}>
              <span className="avatar" aria-hidden="true">
                {(user.name || user.username).slice(0, 1).toUpperCase()}
              </span>
              <span className="user-name" translate="no">
                {user.name || user.username}
              </span>
            </span>
            <button type="button" className="button ghost" onClick={onSignOut}>
              {t('signOut')}
            </button>
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="footer">
        <span>
          {t('appName')} · {t('tagline')}
        </span>
      </footer>
    </>
  );
}
