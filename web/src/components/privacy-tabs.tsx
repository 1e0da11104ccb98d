import type { Principal } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { Link } from '../router.tsx';

/** Governance and admin read the record of processing; they and domain owners see erasure tasks. */
export function mayReadRecord(user: Principal): boolean {
  return user.roles.includes('admin') || user.roles.includes('governance');
}

export function maySeeTasks(user: Principal): boolean {
  return mayReadRecord(user) || Object.values(user.domains).includes('owner');
}

/** The two privacy pages side by side, for those who may see both. */
export function PrivacyTabs({ user, current }: { user: Principal; current: 'record' | 'tasks' }) {
  const { t } = useI18n();
  if (!mayReadRecord(user)) return null;
  const tabs = [
    { to: '/privacy/record', label: t('recordTitle'), key: 'record' },
    { to: '/privacy/tasks', label: t('tasksTitle'), key: 'tasks' },
  ] as const;
  return (
    <nav className="tabs" aria-label={t('privacyTabs')}>
      {tabs.map((tab) => (
        <Link
          key={tab.key}
          to={tab.to}
          className={tab.key === current ? 'tab current' : 'tab'}
          {...(tab.key === current ? { 'aria-current': 'page' as const } : {})}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
