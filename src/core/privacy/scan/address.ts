/**
 * Postal addresses as German-speaking countries write them: a street with its house
 * number ("Hauptstraße 12", "Lindenstr. 5a", "Am Markt 3", "Berliner Allee 10-12"), a
 * postcode with its town ("80331 München", "A-1010 Wien", "CH-8001 Zürich"), or both
 * ("Hauptstraße 12, 10115 Berlin"). A postcode alone is five digits like any other; it
 * counts only where the column's name says postcode (`isPostcode`, weighed by the
 * classifier).
 */

const MAX_LENGTH = 160;

/** Street name endings; `str.` is the usual abbreviation. */
const STREET_SUFFIX =
  '(?:straße|strasse|str\\.?|weg|gasse|platz|allee|ring|damm|ufer|chaussee|steig|pfad|markt|graben|stieg|wall|zeile|hof|promenade|kai|berg|anger|feld)';
/** Capitalised words, lowercase joiners allowed inside ("Straße des 17. Juni" is handled below). */
const WORD = "\\p{Lu}[\\p{L}'’.-]*";
const HOUSE_NUMBER = '\\d{1,4}\\s?[a-zA-Z]?(?:\\s?[-/]\\s?\\d{1,4}\\s?[a-zA-Z]?)?';

/** "Lindenstraße 5", "Bahnhofstr. 12a", "Alte Gasse 4", "Berliner Straße 8". */
const SUFFIXED = new RegExp(
  `^(?:${WORD}\\s){0,3}\\p{Lu}[\\p{L}-]*${STREET_SUFFIX}\\s?${HOUSE_NUMBER}$|^(?:${WORD}\\s){1,3}(?:Straße|Strasse|Str\\.?|Weg|Gasse|Platz|Allee|Ring|Damm|Ufer|Chaussee|Steig|Pfad|Markt|Graben|Promenade)\\s${HOUSE_NUMBER}$`,
  'u',
);
/** "Am Markt 3", "An der Alster 12", "Im Winkel 7", "Auf dem Berg 2", "Zur Mühle 1". */
const PREPOSITIONAL = new RegExp(
  `^(?:Am|An der|An den|Auf der|Auf dem|Im|In der|In den|Zum|Zur|Unter den|Hinter der|Vor dem|Beim|Bei der|Alt)\\s(?:${WORD}\\s){0,2}${WORD}\\s${HOUSE_NUMBER}$`,
  'u',
);
/** "Straße des 17. Juni 135", "Platz der Republik 1". */
const OF_THE = new RegExp(
  `^(?:Straße|Strasse|Platz|Allee)\\s(?:des|der|dem)\\s[\\p{L}\\d. ]{2,40}\\s${HOUSE_NUMBER}$`,
  'u',
);

/** "10115 Berlin", "D-10115 Berlin", "A-1010 Wien", "CH-8001 Zürich", "8001 Zürich". */
const POSTCODE_TOWN = new RegExp(
  `^(?:(?:D|DE)-?\\s?\\d{5}|\\d{5}|(?:A|AT|CH)-?\\s?\\d{4}|\\d{4})\\s${WORD}(?:[\\s/-]+(?:\\p{L}[\\p{L}.]*|\\(\\p{L}+\\)))*$`,
  'u',
);

const POSTCODE = /^(?:(?:D|DE)-?)?\d{5}$|^(?:(?:A|AT|CH)-?)?\d{4}$/;

function isStreet(part: string): boolean {
  return SUFFIXED.test(part) || PREPOSITIONAL.test(part) || OF_THE.test(part);
}

/** A street with a house number, a postcode with a town, or a street, postcode and town. */
export function isAddress(value: string): boolean {
  const v = value.trim().replace(/\s+/g, ' ');
  if (v.length === 0 || v.length > MAX_LENGTH) return false;
  const parts = v.split(/\s?[,;]\s?|\s\/\s/);
  if (parts.length === 1) return isStreet(v) || POSTCODE_TOWN.test(v);
  if (parts.length > 3) return false;
  const [street, town, country] = parts as [string, string, string | undefined];
  const countryOk = country === undefined || /^\p{L}[\p{L} ]{1,30}$/u.test(country);
  return isStreet(street) && POSTCODE_TOWN.test(town) && countryOk;
}

/** "Berlin", "Frankfurt am Main", "Freiburg im Breisgau", "Kempten (Allgäu)", "St. Gallen". */
const TOWN = new RegExp(
  `^(?:St\\.\\s)?\\p{Lu}[\\p{Ll}-]*\\p{Ll}(?:(?:\\s(?:am|an der|im|in|ob der|bei|vor der))?[\\s/-]\\p{Lu}[\\p{L}.-]*|\\s\\(\\p{Lu}[\\p{L}.]*\\))*$`,
  'u',
);

/**
 * Shaped like a town's name. Any capitalised word is, so it counts only where the
 * column's name says town (`ort`, `wohnort`, `city`).
 */
export function isTownShaped(value: string): boolean {
  const v = value.trim();
  return v.length <= 60 && TOWN.test(v);
}

/** A German (5 digits) or Austrian/Swiss (4 digits) postcode, with an optional country prefix. */
export function isPostcode(value: string): boolean {
  return POSTCODE.test(value.trim());
}
