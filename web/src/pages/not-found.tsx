import { useI18n } from '../i18n.ts';
import { Link, useTitle } from '../router.tsx';

export function NotFoundPage() {
  const { t } = useI18n();
  useTitle(t('notFound'));
  return (
    <div className="page">
      <h1>{t('notFound')}</h1>
      <p>{t('notFoundText')}</p>
      <Link to="/" className="button">
        {t('backHome')}
      </Link>
    </div>
  );
}
