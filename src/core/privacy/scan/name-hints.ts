/**
 * What a column's name says it holds, German and English, in any spelling a schema uses
 * (`e_mail`, `eMail`, `E-Mail-Adresse`, `kundenTelefon`, `GEBURTSDATUM`). A hint is only
 * a hint: `classify.ts` lets content overrule it. `strong` hints name the thing ("vorname");
 * `weak` ones are often something else ("name" of a product, "ort" of a warehouse).
 */
import type { PersonalDataCategory } from './model.ts';

export interface NameHint {
  readonly category: PersonalDataCategory;
  readonly strength: 'strong' | 'weak';
  /** The word of our list that matched (never the column's own spelling). */
  readonly word: string;
  /**
   * The part of an address the name promises, whose shape alone then counts: five digits
   * under `plz`, a place name under `ort`, a house number under `hausnummer`, a street
   * name without its number under `strasse`.
   */
  readonly part?: AddressPart;
}

export type AddressPart = 'postcode' | 'town' | 'house-number' | 'street';

interface HintRule {
  readonly category: PersonalDataCategory;
  readonly strength: 'strong' | 'weak';
  /** Whole words of the normalised name (`e_mail` → words `e`, `mail`, joined `email`). */
  readonly words?: readonly string[];
  /** Stems found anywhere in the joined name (German compounds: `kundenemail`, `lieferanschrift`). */
  readonly stems?: readonly string[];
  readonly part?: AddressPart;
}

/** Most specific first: `ip_adresse` is an IP address before it is an address. */
const RULES: readonly HintRule[] = [
  {
    category: 'ip-address',
    strength: 'strong',
    words: ['ip', 'ipv4', 'ipv6', 'ipaddr', 'ipaddress', 'ipadresse', 'remoteaddr', 'clientip'],
    stems: ['ipadresse', 'ipaddress', 'ipaddr', 'clientip', 'remoteip', 'remoteaddr'],
  },
  {
    category: 'email',
    strength: 'strong',
    words: ['email', 'mail', 'emailaddress', 'emailadresse', 'mailadresse'],
    stems: ['email', 'mailadresse', 'mailaddress'],
  },
  { category: 'iban', strength: 'strong', words: ['iban'], stems: ['iban'] },
  {
    category: 'iban',
    strength: 'weak',
    words: ['kontonummer', 'bankverbindung', 'bankaccount', 'accountnumber'],
    stems: ['bankverbindung', 'kontonummer'],
  },
  {
    category: 'credit-card',
    strength: 'strong',
    words: [
      'pan',
      'ccnumber',
      'cardnumber',
      'creditcard',
      'kreditkarte',
      'kreditkartennummer',
      'kartennummer',
    ],
    stems: ['kreditkarte', 'creditcard', 'cardnumber', 'kartennummer'],
  },
  {
    category: 'tax-id',
    strength: 'strong',
    words: [
      'steuerid',
      'taxid',
      'tin',
      'idnr',
      'steuernummer',
      'steueridentifikationsnummer',
      'steuerident',
    ],
    stems: ['steuerid', 'steueridentifikation', 'steuernummer', 'taxid'],
  },
  {
    category: 'date-of-birth',
    strength: 'strong',
    words: [
      'dob',
      'gebdat',
      'gebdatum',
      'birthdate',
      'birthday',
      'dateofbirth',
      'geburtsdatum',
      'geburtstag',
    ],
    stems: ['geburtsdatum', 'geburtstag', 'gebdatum', 'birthdate', 'dateofbirth', 'birthday'],
  },
  {
    category: 'phone',
    strength: 'strong',
    words: [
      'tel',
      'telnr',
      'phone',
      'phonenumber',
      'mobile',
      'mobil',
      'handy',
      'fax',
      'telefax',
      'telefon',
      'telefonnummer',
      'rufnummer',
      'mobilnummer',
      'festnetz',
      'cell',
      'cellphone',
    ],
    stems: ['telefon', 'phone', 'rufnummer', 'mobilnummer', 'handynummer', 'faxnummer'],
  },
  {
    category: 'address',
    strength: 'strong',
    part: 'postcode',
    words: ['plz', 'zip', 'zipcode', 'postcode', 'postalcode', 'postleitzahl'],
    stems: ['postleitzahl', 'zipcode', 'postalcode', 'postcode'],
  },
  {
    category: 'address',
    strength: 'strong',
    part: 'house-number',
    words: ['hausnummer', 'hausnr', 'hnr', 'housenumber', 'streetnumber'],
    stems: ['hausnummer'],
  },
  {
    category: 'address',
    strength: 'strong',
    part: 'street',
    words: [
      'strasse',
      'str',
      'street',
      'address',
      'adresse',
      'anschrift',
      'hausnummer',
      'streetaddress',
      'wohnadresse',
    ],
    stems: ['strasse', 'anschrift', 'adresse', 'address', 'street'],
  },
  {
    category: 'address',
    strength: 'strong',
    part: 'town',
    words: ['ort', 'wohnort', 'stadt', 'city', 'town', 'wohnsitz', 'ortschaft', 'gemeinde'],
    stems: ['wohnort'],
  },
  {
    category: 'person-name',
    strength: 'strong',
    words: [
      'vorname',
      'nachname',
      'familienname',
      'firstname',
      'lastname',
      'surname',
      'givenname',
      'fullname',
      'vollername',
      'kundenname',
      'customername',
      'contactname',
      'ansprechpartner',
      'kontaktperson',
      'kontoinhaber',
      'karteninhaber',
      'accountholder',
      'cardholder',
      'geburtsname',
      'rufname',
      'mitarbeitername',
      'patientenname',
    ],
    stems: [
      'vorname',
      'nachname',
      'familienname',
      'firstname',
      'lastname',
      'surname',
      'givenname',
      'fullname',
      'kundenname',
      'ansprechpartner',
      'kontoinhaber',
      'karteninhaber',
    ],
  },
  {
    category: 'person-name',
    strength: 'weak',
    words: ['name', 'kunde', 'customer', 'person', 'inhaber', 'owner', 'empfaenger', 'recipient'],
  },
];

/** Words that name another event's date: such a column is not one of birth dates. */
const OTHER_DATES = [
  'gruendung',
  'gegruendet',
  'erstellt',
  'angelegt',
  'created',
  'updated',
  'modified',
  'geaendert',
  'bestell',
  'order',
  'liefer',
  'delivery',
  'buchung',
  'booking',
  'rechnung',
  'invoice',
  'zahlung',
  'payment',
  'eintritt',
  'austritt',
  'beginn',
  'start',
  'ende',
  'faellig',
  'due',
  'gueltig',
  'valid',
  'ablauf',
  'expir',
  'seit',
  'since',
  'termin',
  'versand',
  'shipped',
  'letzte',
  'last',
  'einfuehr',
  'eingefuehrt',
  'published',
  'release',
  'kuendigung',
  'vertrag',
  'contract',
];

/** The column's name says it holds the date of some other event (founded, ordered, created). */
export function namesAnotherDate(column: string): boolean {
  const joined = nameWordsOf(column).join('');
  return OTHER_DATES.some((word) => joined.includes(word));
}

/** Words that name versions: four dotted numbers there are a version, not an IPv4 address. */
const VERSIONS = ['version', 'firmware', 'build', 'release', 'revision', 'softwarestand', 'oid'];

/** The column's name says it holds version numbers (`firmware`, `app_version`). */
export function namesAVersion(column: string): boolean {
  const words = nameWordsOf(column);
  const joined = words.join('');
  return VERSIONS.some((word) => (word.length <= 3 ? words.includes(word) : joined.includes(word)));
}

/** camelCase, kebab-case, spaces and dots → lower-case words; umlauts folded. */
export function nameWordsOf(column: string): string[] {
  return column
    .slice(0, 200)
    .replace(/([a-zäöü0-9])([A-ZÄÖÜ])/g, '$1_$2')
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/** Joins the short pieces a separator split ("e_mail" → "email", "tel_nr" → "telnr"). */
function joinedVariants(words: readonly string[]): string[] {
  const out = new Set<string>(words);
  for (let i = 0; i + 1 < words.length; i++) out.add(words[i]! + words[i + 1]!);
  for (let i = 0; i + 2 < words.length; i++) out.add(words[i]! + words[i + 1]! + words[i + 2]!);
  return [...out];
}

/** The hint of a column name, or undefined when the name says nothing we know. */
export function nameHintOf(column: string): NameHint | undefined {
  const words = nameWordsOf(column);
  if (words.length === 0) return undefined;
  const variants = joinedVariants(words);
  const joined = words.join('');
  for (const rule of RULES) {
    const word =
      rule.words?.find((w) => variants.includes(w)) ?? rule.stems?.find((s) => joined.includes(s));
    if (word !== undefined)
      return {
        category: rule.category,
        strength: rule.strength,
        word,
        ...(rule.part ? { part: rule.part } : {}),
      };
  }
  return undefined;
}
