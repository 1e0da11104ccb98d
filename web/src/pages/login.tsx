import type { FormEvent } from 'react';
import { useState } from 'react';
import type { Principal } from '../api.ts';
import { api } from '../api.ts';
import { LanguageSwitch } from '../components/layout.tsx';
import { useI18n } from '../i18n.ts';
import { useTitle } from '../router.tsx';
import { useLoad } from '../use-load.ts';

export function LoginPage({ onSignedIn }: { onSignedIn: (user: Principal) => void }) {
  const { t } = useI18n();
  useTitle(t('signIn'));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [config] = useLoad('auth-config', () => api.authConfig());

  function submit(event: FormEvent): void {
    event.preventDefault();
    setBusy(true);
    setError(null);
    api.login(username, password).then(onSignedIn, (failure: unknown) => {
      setBusy(false);
      setError(failure instanceof Error ? failure.message : String(failure));
    });
  }

  const oidc = config.state === 'ready' && config.data.oidc.enabled ? config.data.oidc : null;
  return (
    <main id="main" className="login-page">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <section className="login-card" aria-labelledby="login-title">
        <div className="login-brand" aria-hidden="true">
          <svg className="logo large" viewBox="0 0 32 32">
            <rect width="32" height="32" rx="7" />
            <path d="M9 10L23 10L16 23Z" />
            <circle cx="9" cy="10" r="3" />
            <circle cx="23" cy="10" r="3" />
            <circle cx="16" cy="23" r="3" />
          </svg>
        </div>
        <h1 id="login-title">{t('loginTitle')}</h1>
        <p className="muted">{t('loginIntro')}</p>
        <form onSubmit={submit} className="form" noValidate>
          <label>
            <span>{t('username')}</span>
            <input
              name="username"
              autoComplete="username"
              required
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          </label>
          <label>
            <span>{t('password')}</span>
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          {error ? (
            <p className="form-error" role="alert">
              <strong>{t('loginFailed')}:</strong> {error}
            </p>
          ) : null}
          <button type="submit" className="button primary wide" disabled={busy}>
            {busy ? t('signingIn') : t('signIn')}
          </button>
        </form>
        {oidc ? (
          <>
            <p className="divider">
              <span>{t('or')}</span>
            </p>
            <a className="button wide" href="/api/auth/oidc/login">
              {t('signInWith', { label: oidc.label ?? 'SSO' })}
            </a>
          </>
        ) : null}
      </section>
    </main>
  );
}
