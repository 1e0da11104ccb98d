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

/** The street shapes, followed by `tail` (a house number, or nothing for a street name). */
function streetShapes(tail: string): RegExp[] {
  return [
    // "Lindenstraße 5", "Bahnhofstr. 12a", "Alte Gasse 4", "Berliner Straße 8"
    new RegExp(
      `^(?:${WORD}\\s){0,3}\\p{Lu}[\\p{L}-]*${STREET_SUFFIX}${tail}$|^(?:${WORD}\\s){1,3}(?:Straße|Strasse|Str\\.?|Weg|Gasse|Platz|Allee|Ring|Damm|Ufer|Chaussee|Steig|Pfad|Markt|Graben|Promenade)${tail}$`,
      'u',
    ),
    // "Am Markt 3", "An der Alster 12", "Im Winkel 7", "Auf dem Berg 2", "Zur Mühle 1"
    new RegExp(
      `^(?:Am|An der|An den|Auf der|Auf dem|Im|In der|In den|Zum|Zur|Unter den|Hinter der|Vor dem|Beim|Bei der|Alt)\\s(?:${WORD}\\s){0,2}${WORD}${tail}$`,
      'u',
    ),
    // "Straße des 17. Juni 135", "Platz der Republik 1"
    new RegExp(
      `^(?:Straße|Strasse|Platz|Allee)\\s(?:des|der|dem)\\s[\\p{L}\\d. ]{2,40}${tail}$`,
      'u',
    ),
  ];
}

const STREETS = streetShapes(`\\s?${HOUSE_NUMBER}`);
const STREET_NAMES = streetShapes('');
const HOUSE_NUMBER_ONLY = new RegExp(`^${HOUSE_NUMBER}$`);

/** "10115 Berlin", "D-10115 Berlin", "A-1010 Wien", "CH-8001 Zürich", "8001 Zürich". */
const POSTCODE_TOWN = new RegExp(
  `^(?:(?:D|DE)-?\\s?\\d{5}|\\d{5}|(?:A|AT|CH)-?\\s?\\d{4}|\\d{4})\\s${WORD}(?:[\\s/-]+(?:\\p{L}[\\p{L}.]*|\\(\\p{L}+\\)))*$`,
  'u',
);

const POSTCODE = /^(?:(?:D|DE)-?)?\d{5}$|^(?:(?:A|AT|CH)-?)?\d{4}$/;

function isStreet(part: string): boolean {
  return STREETS.some((shape) => shape.test(part));
}

/**
 * A street with a house number, a postcode with a town, or a street, postcode and town
 * (on one line or several).
 */
export function isAddress(value: string): boolean {
  // Every address shape has a house number or a postcode.
  if (value.length > MAX_LENGTH || !/\d/.test(value)) return false;
  // Lines, commas, semicolons, " / " and " · " separate street, town and country.
  const parts = value
    .trim()
    .split(/\s*(?:[,;\n\r·]|\s\/\s)\s*/)
    .map((part) => part.replace(/\s+/g, ' '));
  const v = parts.join(', ');
  if (v.length === 0) return false;
  if (parts.length === 1) return isStreet(v) || POSTCODE_TOWN.test(v);
  if (parts.length > 3) return false;
  const [street, town, country] = parts as [string, string, string | undefined];
  // "10115 Berlin, Hauptstraße 12": the town first, as some forms ask for it.
  if (parts.length === 2 && POSTCODE_TOWN.test(street) && isStreet(town)) return true;
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

/** A street's name without its number ("Hauptstraße", "Am Markt"), for a `strasse` column. */
export function isStreetName(value: string): boolean {
  const v = value.trim().replace(/\s+/g, ' ');
  return v.length > 0 && v.length <= 80 && STREET_NAMES.some((shape) => shape.test(v));
}

/** A house number ("12", "5a", "10-12"), for a `hausnummer` column. */
export function isHouseNumber(value: string): boolean {
  const v = value.trim();
  return v.length <= 16 && HOUSE_NUMBER_ONLY.test(v);
}

/** A German (5 digits) or Austrian/Swiss (4 digits) postcode, with an optional country prefix. */
export function isPostcode(value: string): boolean {
  return POSTCODE.test(value.trim());
}
