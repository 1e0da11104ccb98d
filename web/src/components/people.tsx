import type { TeamMember } from '../api.ts';

export function People({ members }: { members: readonly TeamMember[] }) {
  if (members.length === 0) return null;
  return (
    <ul className="people">
      {members.map((m) => (
        <li key={m.username}>
          <span className="avatar small" aria-hidden="true">
            {(m.name ?? m.username).slice(0, 1).toUpperCase()}
          </span>
          <span translate="no">
            {m.email ? (
              <a href={`mailto:${m.email}`}>{m.name ?? m.username}</a>
            ) : (
              (m.name ?? m.username)
            )}
            {m.role || m.title ? (
              <span className="muted small"> · {[m.role, m.title].filter(Boolean).join(', ')}</span>
            ) : null}
          </span>
        </li>
      ))}
    </ul>
  );
}
