import { createContext, useContext } from 'react';

/**
 * Every visible string of the portal, in English and German. The German dictionary is
 * typed by the English one, so a missing translation is a compile error.
 */
const en = {
  appName: 'Meshwork',
  tagline: 'Data products you can trust',
  skipToContent: 'Skip to content',
  navHome: 'Overview',
  navMarketplace: 'Marketplace',
  navGovernance: 'Governance',
  mainNavigation: 'Main navigation',
  language: 'Language',
  signOut: 'Sign out',
  signedInAs: 'Signed in as',
  loading: 'Loading…',
  errorTitle: 'Something went wrong',
  retry: 'Try again',
  notFound: 'Not found',
  notFoundText: 'There is nothing at this address.',
  backHome: 'Back to the overview',
  // login
  loginTitle: 'Sign in to Meshwork',
  loginIntro: 'Find, understand and trust the data products of your organisation.',
  username: 'Username',
  password: 'Password',
  signIn: 'Sign in',
  signingIn: 'Signing in…',
  signInWith: 'Sign in with {label}',
  or: 'or',
  loginFailed: 'Sign-in failed',
  // home
  homeTitle: 'The mesh at a glance',
  homeIntro: 'Domains, their data products, who reads them and how healthy they are.',
  statDomains: 'Domains',
  statProducts: 'Data products',
  statConsumers: 'Consumer links',
  statQuality: 'Passing quality checks',
  statFindings: 'Policy violations',
  qualityHealth: 'Quality health',
  policyHealth: 'Policy health',
  domains: 'Domains',
  productsCount: '{n} products',
  noFindings: 'No policy violations. Well done.',
  searchPlaceholder: 'Search products, columns, tags…',
  search: 'Search',
  mostUsed: 'Most used products',
  // marketplace
  marketplaceTitle: 'Marketplace',
  results: '{n} data products',
  filters: 'Filters',
  clearFilters: 'Clear filters',
  facet_domain: 'Domain',
  facet_status: 'Status',
  facet_tag: 'Tag',
  facet_classification: 'Classification',
  noResults: 'No data product matches. Try fewer words or remove a filter.',
  owner: 'Owner',
  consumers: 'Consumers',
  loadMore: 'Show more',
  // statuses
  quality_passed: 'Quality passed',
  quality_warning: 'Quality warnings',
  quality_failed: 'Quality failed',
  quality_error: 'Quality error',
  quality_unknown: 'Not tested yet',
  fresh_fresh: 'Fresh',
  fresh_stale: 'Stale',
  fresh_unknown: 'Freshness unknown',
  builtAgo: 'built {when}',
  neverBuilt: 'never built',
  // product
  purpose: 'Purpose',
  description: 'Description',
  ownerTeam: 'Owner team',
  support: 'Support',
  noSupport: 'No support channel declared.',
  outputPorts: 'Output ports',
  inputPorts: 'Input ports',
  noInputPorts: 'This product reads no inputs.',
  noOutputPorts: 'This product has no output ports.',
  contract: 'Contract',
  version: 'Version',
  column: 'Column',
  type: 'Type',
  constraints: 'Constraints',
  classification: 'Classification',
  required: 'required',
  unique: 'unique',
  primaryKey: 'primary key',
  pii: 'personal data',
  terms: 'Terms of use',
  usage: 'Usage',
  limitations: 'Limitations',
  quality: 'Quality',
  qualityTrend: 'Quality checks over the last runs',
  noRuns: 'No test runs recorded yet. Run `meshwork test` or `meshwork build`.',
  passed: 'passed',
  failed: 'failed',
  warnings: 'warnings',
  sla: 'Service levels',
  freshness: 'Freshness',
  latencyGoal: 'latency goal {value} {unit}',
  lastBuilt: 'Last built',
  noSla: 'No service levels declared.',
  lineage: 'Lineage',
  lineageIntro: 'Where the data comes from and who reads it. Select a product to open it.',
  noLineage: 'No lineage recorded.',
  source: 'source',
  product: 'product',
  thisProduct: 'this product',
  findings: 'Policy findings',
  noProductFindings: 'This product follows every policy.',
  from: 'from',
  sectionsNav: 'On this page',
  // domain
  domainTitle: 'Domain {name}',
  team: 'Team',
  noTeam: 'No team declared.',
  products: 'Products',
  scorecard: 'Scorecard',
  scoreTrend: 'Score over time',
  noScorecard: 'No scorecard recorded yet. Run `meshwork scorecard`.',
  score: 'Score',
  // governance
  governanceTitle: 'Governance',
  governanceIntro: 'The policies of the mesh, how domains adapt them, and where they are violated.',
  policies: 'Policies',
  policy: 'Policy',
  severity: 'Severity',
  scope: 'Scope',
  global: 'global',
  adaptable: 'adaptable',
  adaptations: 'Domain adaptations',
  noAdaptations: 'No domain adapts a policy.',
  reason: 'Reason',
  valid: 'valid',
  invalid: 'invalid',
  violations: 'Violations',
  where: 'Where',
  message: 'Message',
  hint: 'How to fix',
  domain: 'Domain',
  status: 'Status',
  justNow: 'just now',
  minutesAgo: '{n} min ago',
  hoursAgo: '{n} h ago',
  daysAgo: '{n} days ago',
};

export type Messages = typeof en;
export type MessageKey = keyof Messages;

const de: Messages = {
  appName: 'Meshwork',
  tagline: 'Datenprodukte, denen man vertraut',
  skipToContent: 'Zum Inhalt springen',
  navHome: 'Übersicht',
  navMarketplace: 'Marktplatz',
  navGovernance: 'Governance',
  mainNavigation: 'Hauptnavigation',
  language: 'Sprache',
  signOut: 'Abmelden',
  signedInAs: 'Angemeldet als',
  loading: 'Wird geladen…',
  errorTitle: 'Etwas ist schiefgegangen',
  retry: 'Erneut versuchen',
  notFound: 'Nicht gefunden',
  notFoundText: 'Unter dieser Adresse gibt es nichts.',
  backHome: 'Zurück zur Übersicht',
  loginTitle: 'Bei Meshwork anmelden',
  loginIntro: 'Die Datenprodukte Ihrer Organisation finden, verstehen und ihnen vertrauen.',
  username: 'Benutzername',
  password: 'Passwort',
  signIn: 'Anmelden',
  signingIn: 'Anmeldung läuft…',
  signInWith: 'Anmelden mit {label}',
  or: 'oder',
  loginFailed: 'Anmeldung fehlgeschlagen',
  homeTitle: 'Das Mesh auf einen Blick',
  homeIntro: 'Domänen, ihre Datenprodukte, wer sie nutzt und wie gesund sie sind.',
  statDomains: 'Domänen',
  statProducts: 'Datenprodukte',
  statConsumers: 'Nutzungsbeziehungen',
  statQuality: 'Bestandene Qualitätsprüfungen',
  statFindings: 'Richtlinienverstöße',
  qualityHealth: 'Qualität',
  policyHealth: 'Richtlinien',
  domains: 'Domänen',
  productsCount: '{n} Produkte',
  noFindings: 'Keine Richtlinienverstöße. Gut gemacht.',
  searchPlaceholder: 'Produkte, Spalten, Tags suchen…',
  search: 'Suchen',
  mostUsed: 'Meistgenutzte Produkte',
  marketplaceTitle: 'Marktplatz',
  results: '{n} Datenprodukte',
  filters: 'Filter',
  clearFilters: 'Filter zurücksetzen',
  facet_domain: 'Domäne',
  facet_status: 'Status',
  facet_tag: 'Tag',
  facet_classification: 'Klassifizierung',
  noResults: 'Kein Datenprodukt passt. Weniger Wörter versuchen oder einen Filter entfernen.',
  owner: 'Verantwortlich',
  consumers: 'Nutzer',
  loadMore: 'Mehr anzeigen',
  quality_passed: 'Qualität bestanden',
  quality_warning: 'Qualitätswarnungen',
  quality_failed: 'Qualität nicht bestanden',
  quality_error: 'Qualitätsfehler',
  quality_unknown: 'Noch nicht getestet',
  fresh_fresh: 'Aktuell',
  fresh_stale: 'Veraltet',
  fresh_unknown: 'Aktualität unbekannt',
  builtAgo: 'gebaut {when}',
  neverBuilt: 'nie gebaut',
  purpose: 'Zweck',
  description: 'Beschreibung',
  ownerTeam: 'Verantwortliches Team',
  support: 'Support',
  noSupport: 'Kein Supportkanal angegeben.',
  outputPorts: 'Ausgabeports',
  inputPorts: 'Eingabeports',
  noInputPorts: 'Dieses Produkt liest keine Eingaben.',
  noOutputPorts: 'Dieses Produkt hat keine Ausgabeports.',
  contract: 'Vertrag',
  version: 'Version',
  column: 'Spalte',
  type: 'Typ',
  constraints: 'Bedingungen',
  classification: 'Klassifizierung',
  required: 'Pflicht',
  unique: 'eindeutig',
  primaryKey: 'Primärschlüssel',
  pii: 'personenbezogen',
  terms: 'Nutzungsbedingungen',
  usage: 'Nutzung',
  limitations: 'Einschränkungen',
  quality: 'Qualität',
  qualityTrend: 'Qualitätsprüfungen der letzten Läufe',
  noRuns: 'Noch keine Testläufe. `meshwork test` oder `meshwork build` ausführen.',
  passed: 'bestanden',
  failed: 'fehlgeschlagen',
  warnings: 'Warnungen',
  sla: 'Service-Level',
  freshness: 'Aktualität',
  latencyGoal: 'Latenzziel {value} {unit}',
  lastBuilt: 'Zuletzt gebaut',
  noSla: 'Keine Service-Level angegeben.',
  lineage: 'Herkunft',
  lineageIntro: 'Woher die Daten kommen und wer sie liest. Ein Produkt auswählen, um es zu öffnen.',
  noLineage: 'Keine Herkunft erfasst.',
  source: 'Quelle',
  product: 'Produkt',
  thisProduct: 'dieses Produkt',
  findings: 'Richtlinienbefunde',
  noProductFindings: 'Dieses Produkt erfüllt alle Richtlinien.',
  from: 'aus',
  sectionsNav: 'Auf dieser Seite',
  domainTitle: 'Domäne {name}',
  team: 'Team',
  noTeam: 'Kein Team angegeben.',
  products: 'Produkte',
  scorecard: 'Scorecard',
  scoreTrend: 'Punktzahl im Verlauf',
  noScorecard: 'Noch keine Scorecard erfasst. `meshwork scorecard` ausführen.',
  score: 'Punktzahl',
  governanceTitle: 'Governance',
  governanceIntro: 'Die Richtlinien des Mesh, wie Domänen sie anpassen und wo sie verletzt werden.',
  policies: 'Richtlinien',
  policy: 'Richtlinie',
  severity: 'Schweregrad',
  scope: 'Geltungsbereich',
  global: 'global',
  adaptable: 'anpassbar',
  adaptations: 'Anpassungen der Domänen',
  noAdaptations: 'Keine Domäne passt eine Richtlinie an.',
  reason: 'Begründung',
  valid: 'gültig',
  invalid: 'ungültig',
  violations: 'Verstöße',
  where: 'Wo',
  message: 'Meldung',
  hint: 'Behebung',
  domain: 'Domäne',
  status: 'Status',
  justNow: 'gerade eben',
  minutesAgo: 'vor {n} Min.',
  hoursAgo: 'vor {n} Std.',
  daysAgo: 'vor {n} Tagen',
};

export type Locale = 'en' | 'de';
export const LOCALES: readonly Locale[] = ['en', 'de'];
const DICTIONARIES: Record<Locale, Messages> = { en, de };

/** The stored choice, else the browser's first language we speak, else English. */
export function initialLocale(): Locale {
  const stored = localStorage.getItem('meshwork.locale');
  if (stored === 'en' || stored === 'de') return stored;
  for (const language of navigator.languages) {
    const base = language.slice(0, 2).toLowerCase();
    if (base === 'de' || base === 'en') return base;
  }
  return 'en';
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  const messages = DICTIONARIES[locale];
  return (key, params) =>
    messages[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      params && name in params ? String(params[name]) : whole,
    );
}

export interface I18n {
  readonly locale: Locale;
  readonly t: Translate;
  readonly setLocale: (locale: Locale) => void;
}

export const I18nContext = createContext<I18n>({
  locale: 'en',
  t: translator('en'),
  setLocale: () => undefined,
});

export function useI18n(): I18n {
  return useContext(I18nContext);
}

/** "3 h ago" in the current language; dates older than a week as a local date. */
export function relativeTime(iso: string, t: Translate, locale: Locale, now = Date.now()): string {
  const minutes = Math.round((now - Date.parse(iso)) / 60_000);
  if (Number.isNaN(minutes)) return iso;
  if (minutes < 1) return t('justNow');
  if (minutes < 60) return t('minutesAgo', { n: minutes });
  if (minutes < 48 * 60) return t('hoursAgo', { n: Math.round(minutes / 60) });
  if (minutes < 7 * 24 * 60) return t('daysAgo', { n: Math.round(minutes / 1440) });
  return new Date(iso).toLocaleDateString(locale === 'de' ? 'de-DE' : 'en-GB');
}
