import type { FormEvent } from 'react';
import { useState } from 'react';
import type { Principal, Role, User } from '../api.ts';
import { api } from '../api.ts';
import { Await } from '../components/states.tsx';
import { useI18n } from '../i18n.ts';
import { useTitle } from '../router.tsx';
import { useLoad } from '../use-load.ts';

const ROLES: readonly Role[] = ['admin', 'governance'];

function messageOf(failure: unknown): string {
  return failure instanceof Error ? failure.message : String(failure);
}

function NewUser({ onCreated }: { onCreated: (user: User) => void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setError(null);
    try {
      const user = await api.createUser({
        username: username.trim(),
        name: name.trim(),
        email: email.trim() === '' ? null : email.trim(),
        password,
        roles,
      });
      setUsername('');
      setName('');
      setEmail('');
      setPassword('');
      setRoles([]);
      onCreated(user);
    } catch (failure) {
      setError(messageOf(failure));
    }
  }

  return (
    <form className="form inline-form" onSubmit={(e) => void submit(e)} data-testid="new-user">
      <label>
        <span>{t('username')}</span>
        <input
          name="new-username"
          required
          autoComplete="off"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
      </label>
      <label>
        <span>{t('name')}</span>
        <input name="new-name" required value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        <span>{t('email')}</span>
        <input
          name="new-email"
          type="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </label>
      <label>
        <span>{t('password')}</span>
        <input
          name="new-password"
          type="password"
          autoComplete="new-password"
          minLength={8}
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      <fieldset className="roles">
        <legend>{t('roles')}</legend>
        {ROLES.map((role) => (
          <label key={role} className="check">
            <input
              type="checkbox"
              name={`new-role-${role}`}
              checked={roles.includes(role)}
              onChange={() =>
                setRoles((now) =>
                  now.includes(role) ? now.filter((r) => r !== role) : [...now, role],
                )
              }
            />
            <span>{t(`role_${role}`)}</span>
          </label>
        ))}
      </fieldset>
      <button type="submit" className="button primary">
        {t('createUser')}
      </button>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}

function UserRow({ user, onChanged }: { user: User; onChanged: (note: string) => void }) {
  const { t } = useI18n();
  const [resetting, setResetting] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function change(
    patch: { roles?: Role[]; disabled?: boolean; password?: string },
    note: string,
  ): Promise<void> {
    setError(null);
    try {
      await api.updateUser(user.username, patch);
      onChanged(note);
    } catch (failure) {
      setError(messageOf(failure));
    }
  }

  return (
    <tr data-user={user.username}>
      <th scope="row">
        <code>{user.username}</code>
        <div translate="no">{user.name}</div>
        {user.email ? (
          <div className="muted small" translate="no">
            {user.email}
          </div>
        ) : null}
        {user.sso ? <span className="badge small tone-info">{t('sso')}</span> : null}
      </th>
      <td>
        {ROLES.map((role) => (
          <label key={role} className="check">
            <input
              type="checkbox"
              name={`role-${role}`}
              checked={user.roles.includes(role)}
              onChange={() =>
                void change(
                  {
                    roles: user.roles.includes(role)
                      ? user.roles.filter((r) => r !== role)
                      : [...user.roles, role],
                  },
                  '',
                )
              }
            />
            <span>{t(`role_${role}`)}</span>
          </label>
        ))}
      </td>
      <td>
        <span className={`badge small tone-${user.disabled ? 'muted' : 'good'}`}>
          {user.disabled ? t('userDisabled') : t('userActive')}
        </span>
      </td>
      <td className="actions">
        <div>
          <button
            type="button"
            className="button small"
            onClick={() => void change({ disabled: !user.disabled }, '')}
          >
            {user.disabled ? t('enable') : t('disable')}
          </button>
          {user.sso ? null : (
            <button type="button" className="button small" onClick={() => setResetting((v) => !v)}>
              {t('resetPassword')}
            </button>
          )}
          {resetting ? (
            <form
              className="form inline-form"
              onSubmit={(e) => {
                e.preventDefault();
                void change({ password }, t('passwordChanged', { name: user.username })).then(
                  () => {
                    setPassword('');
                    setResetting(false);
                  },
                );
              }}
            >
              <label>
                <span>{t('newPassword')}</span>
                <input
                  name="reset-password"
                  type="password"
                  autoComplete="new-password"
                  minLength={8}
                  required
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                />
              </label>
              <button type="submit" className="button primary small">
                {t('save')}
              </button>
              <button type="button" className="button small" onClick={() => setResetting(false)}>
                {t('cancel')}
              </button>
            </form>
          ) : null}
        </div>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
      </td>
    </tr>
  );
}

/** Admin: the accounts, new ones, disabling, password resets and the global roles. */
export function UsersPage({ user }: { user: Principal }) {
  const { t } = useI18n();
  useTitle(t('usersTitle'));
  const [version, setVersion] = useState(0);
  const [note, setNote] = useState<string | null>(null);
  const [loaded, retry] = useLoad(`users:${version}`, () => api.users());
  const changed = (text: string) => {
    setNote(text || null);
    setVersion((n) => n + 1);
  };
  return (
    <div className="page">
      <h1>{t('usersTitle')}</h1>
      <p className="lead">{t('usersIntro')}</p>
      {note ? (
        <p className="state" role="status" data-testid="users-note">
          {note}
        </p>
      ) : null}
      {user.roles.includes('admin') ? (
        <section className="panel" aria-labelledby="new-user-title">
          <h2 id="new-user-title">{t('newUser')}</h2>
          <NewUser onCreated={(u) => changed(t('userCreated', { name: u.username }))} />
        </section>
      ) : null}
      <section className="panel" aria-labelledby="users-title">
        <h2 id="users-title">{t('usersTitle')}</h2>
        <Await loaded={loaded} retry={retry}>
          {(answer) => (
            <div className="table-wrap">
              <table data-testid="users">
                <thead>
                  <tr>
                    <th scope="col">{t('username')}</th>
                    <th scope="col">{t('roles')}</th>
                    <th scope="col">{t('status')}</th>
                    <th scope="col">{t('actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {answer.items.map((u) => (
                    <UserRow key={u.username} user={u} onChanged={changed} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Await>
      </section>
    </div>
  );
}
