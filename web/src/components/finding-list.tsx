import type { ReactNode } from 'react';
import type { Finding } from '../api.ts';
import type { Translate } from '../i18n.ts';
import { useI18n } from '../i18n.ts';
import { usePolicyTexts } from '../policy-texts.ts';
import { SeverityBadge } from './badges.tsx';
import { Empty } from './states.tsx';

const TARGET_WORDS: Readonly<Record<string, Parameters<Translate>[0]>> = {
  'the mesh': 'target_mesh',
  'output port': 'target_output',
  'input port': 'target_input',
  product: 'target_product',
  contract: 'target_contract',
  object: 'target_object',
  property: 'target_property',
  domain: 'target_domain',
  port: 'target_port',
};
const TARGET_PATTERN =
  /the mesh|output port|input port|product|contract|object|property|domain|port/g;

/**
 * A policy's target as the core names it (`product "x", output port "y"`) in the current
 * language: the words translated, the quoted names kept as written.
 */
function target(label: string, t: Translate): ReactNode[] {
  return label.split(/("[^"]*")/).map((part, i) =>
    part.startsWith('"') ? (
      <span key={i} translate="no">
        {part}
      </span>
    ) : (
      part.replace(TARGET_PATTERN, (word) => {
        const key = TARGET_WORDS[word];
        return key ? t(key) : word;
      })
    ),
  );
}

/** A finding's message and hint, a built-in policy's in the current language. */
export function useFindingText(): (f: Finding) => { message: ReactNode; hint: ReactNode } {
  const { t } = useI18n();
  const texts = usePolicyTexts();
  return (f) => {
    // A policy finding reads `<target>: <policy title>`; titles hold no ": ".
    const cut = f.message.lastIndexOf(': ');
    if (!f.policy || cut < 0) return { message: f.message, hint: f.hint };
    const text = texts[f.policy];
    // A built-in policy speaks the portal's language; a mesh's own policy its authors'.
    return {
      message: (
        <>
          {target(f.message.slice(0, cut), t)}:{' '}
          {text ? text.title : <span translate="no">{f.message.slice(cut + 2)}</span>}
        </>
      ),
      hint: text ? text.hint : <span translate="no">{f.hint}</span>,
    };
  };
}

/** The findings, or `empty` when there are none. */
export function FindingList({ findings, empty }: { findings: readonly Finding[]; empty: string }) {
  const { t } = useI18n();
  const textOf = useFindingText();
  if (findings.length === 0) return <Empty>{empty}</Empty>;
  return (
    <ul className="finding-list" data-testid="findings">
      {findings.map((f, i) => {
        const { message, hint } = textOf(f);
        return (
          <li
            key={`${f.file}:${f.line}:${f.code}:${i}`}
            className={`finding severity-${f.severity}`}
          >
            <div className="finding-head">
              <SeverityBadge severity={f.severity} />
              <code>{f.policy ?? f.code}</code>
              {f.adaptedBy ? (
                <span className="muted small">{t('adaptedBy', { domain: f.adaptedBy })}</span>
              ) : null}
            </div>
            <p>{message}</p>
            {hint ? (
              <p className="muted small">
                <strong>{t('hint')}:</strong> {hint}
              </p>
            ) : null}
            <p className="muted small">
              <code>
                {f.file}:{f.line}:{f.column}
              </code>
            </p>
          </li>
        );
      })}
    </ul>
  );
}
