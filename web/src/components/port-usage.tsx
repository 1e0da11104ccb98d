import type { PortUsage } from '../api.ts';
import { api } from '../api.ts';
import { relativeTime, useI18n } from '../i18n.ts';
import { useLoad } from '../use-load.ts';
import { Snippet } from './copy-button.tsx';
import { Await } from './states.tsx';

type Serving = PortUsage['servings'][number];

const sqlString = (text: string): string => `'${text.replace(/'/g, "''")}'`;
const pyString = (text: string): string => JSON.stringify(text);
const shellQuote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;
const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** `schema.table` as two quoted identifiers (names with dots are quoted, not split). */
function qualified(location: string): string {
  const dot = location.indexOf('.');
  return dot < 0
    ? ident(location)
    : `${ident(location.slice(0, dot))}.${ident(location.slice(dot + 1))}`;
}

/** The copyable ways to read one object of a serving, by tool. */
export function snippets(serving: Serving, location: string): { title: string; text: string }[] {
  if (serving.format === 'parquet' || serving.format === 'csv') {
    const reader = serving.format === 'parquet' ? 'read_parquet' : 'read_csv';
    return [
      {
        title: 'DuckDB SQL',
        text: `SELECT * FROM ${reader}(${sqlString(location)}) LIMIT 10;`,
      },
      {
        title: 'Python (pandas)',
        text: `import pandas as pd\n\ndf = pd.${reader}(${pyString(location)})\nprint(df.head())`,
      },
    ];
  }
  if (serving.format === 'postgresql') {
    const c = serving.connection;
    const conninfo = [
      c?.host ? `host=${c.host}` : null,
      c?.port ? `port=${c.port}` : null,
      c?.database ? `dbname=${c.database}` : null,
    ]
      .filter(Boolean)
      .join(' ');
    const select = `SELECT * FROM ${qualified(location)} LIMIT 10`;
    const url = `postgresql://USER@${c?.host ?? 'localhost'}:${c?.port ?? '5432'}/${c?.database ?? ''}`;
    return [
      { title: 'psql', text: `psql ${shellQuote(conninfo)} -c ${shellQuote(select)}` },
      {
        title: 'DuckDB SQL',
        text: `INSTALL postgres; LOAD postgres;\nATTACH ${sqlString(conninfo)} AS src (TYPE postgres, READ_ONLY);\nSELECT * FROM src.${qualified(location)} LIMIT 10;`,
      },
      {
        title: 'Python (pandas)',
        text: `import pandas as pd\nfrom sqlalchemy import create_engine\n\nengine = create_engine(${pyString(url)})\ndf = pd.read_sql(${pyString(select)}, engine)\nprint(df.head())`,
      },
    ];
  }
  return [];
}

function ServingBlock({ serving }: { serving: Serving }) {
  const { t } = useI18n();
  return (
    <div className="serving" data-testid="serving" data-format={serving.format}>
      <h4>
        {t(`format_${serving.format}`)} · <code>{serving.server}</code>
      </h4>
      {serving.format === 'other' ? (
        <p className="muted">{t('servedBy', { type: serving.type })}</p>
      ) : null}
      {serving.objects.map((object) => (
        <div key={`${object.name}:${object.location}`} className="serving-object">
          <p>
            <code data-testid="location">{object.location}</code>
          </p>
          <div className="snippets">
            {snippets(serving, object.location).map((s) => (
              <Snippet key={s.title} title={s.title} text={s.text} />
            ))}
          </div>
        </div>
      ))}
      {serving.format === 'postgresql' ? (
        <p className="muted small">{t('credentialsNote')}</p>
      ) : null}
    </div>
  );
}

/** Per output port: where it is served, snippets to read it, and its contract as YAML. */
export function PortUsagePanel({ productId }: { productId: string }) {
  const { t, locale } = useI18n();
  const [loaded, retry] = useLoad(`usage:${productId}`, () => api.usage(productId));
  return (
    <Await loaded={loaded} retry={retry}>
      {(usage) => (
        <>
          {usage.items.map((port) => (
            <article key={port.port} className="port-usage" data-port={port.port}>
              <header className="port-head">
                <h3>
                  <span translate="no">{port.port}</span>
                </h3>
                <span className="muted small">
                  {port.builtAt
                    ? t('currentSnapshot', { when: relativeTime(port.builtAt, t, locale) })
                    : t('notBuiltYet')}
                </span>
                <a
                  className="button small"
                  href={api.contractYamlUrl(port.contractId)}
                  download
                  data-testid="download-contract"
                >
                  {t('downloadContract')}
                </a>
              </header>
              {port.servings.map((serving) => (
                <ServingBlock key={serving.server} serving={serving} />
              ))}
            </article>
          ))}
        </>
      )}
    </Await>
  );
}
