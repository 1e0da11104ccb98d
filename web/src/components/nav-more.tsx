import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useI18n } from '../i18n.ts';
import { Link } from '../router.tsx';

export interface NavEntry {
  readonly to: string;
  readonly label: string;
  readonly current: boolean;
}

/**
 * The operational and admin pages behind one "More" button, so the top bar stays one row
 * however many pages the platform grows. A disclosure of links (not an ARIA menu): the
 * entries stay ordinary links for screen readers and tests, Tab walks through them, the
 * arrow keys move between them; Escape, a click outside or leaving it with Tab closes it.
 */
export function NavMore({ entries, page }: { entries: readonly NavEntry[]; page: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const current = entries.some((entry) => entry.current);

  // A followed link changes the page: the menu has done its job.
  useEffect(() => setOpen(false), [page]);

  useEffect(() => {
    if (!open) return undefined;
    const outside = (event: PointerEvent): void => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  function links(): HTMLAnchorElement[] {
    return Array.from(root.current?.querySelectorAll<HTMLAnchorElement>('.nav-more-panel a') ?? []);
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
      button.current?.focus();
      return;
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    if (!open) {
      setOpen(true);
      // The panel renders on the next frame; focus its first entry then.
      requestAnimationFrame(() => links()[0]?.focus());
      return;
    }
    const all = links();
    const at = all.indexOf(document.activeElement as HTMLAnchorElement);
    const next =
      event.key === 'ArrowDown' ? (at + 1) % all.length : at <= 0 ? all.length - 1 : at - 1;
    all[next]?.focus();
  }

  if (entries.length === 0) return null;
  return (
    <div
      className="nav-more"
      ref={root}
      onKeyDown={onKeyDown}
      onBlur={(event) => {
        if (open && !root.current?.contains(event.relatedTarget)) setOpen(false);
      }}
    >
      <button
        type="button"
        ref={button}
        className={current ? 'nav-more-button current' : 'nav-more-button'}
        aria-expanded={open}
        aria-controls={panelId}
        data-testid="nav-more"
        onClick={() => setOpen((was) => !was)}
      >
        {t('navMore')}
        {current ? <span className="visually-hidden">{t('navMoreCurrent')}</span> : null}
        <span className="nav-more-caret" aria-hidden="true">
          ▾
        </span>
      </button>
      <ul id={panelId} className="nav-more-panel" hidden={!open}>
        {entries.map((entry) => (
          <li key={entry.to}>
            <Link
              to={entry.to}
              onClick={() => setOpen(false)}
              {...(entry.current ? { 'aria-current': 'page' as const } : {})}
            >
              {entry.label}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
