/**
 * Reference data of the Alpine Bikes demo: German first and last names, streets, places with
 * real postcodes, e-mail domains under the reserved `.example` TLD (RFC 2606) and the
 * product catalogue. Plain data; the SQL builders pick from it with hash-based indexes.
 */

// prettier-ignore
export const FIRST_NAMES: readonly string[] = [
  'Maria', 'Anna', 'Sophie', 'Lena', 'Laura', 'Julia', 'Katharina', 'Lisa', 'Sarah', 'Hannah',
  'Johanna', 'Theresa', 'Franziska', 'Magdalena', 'Sabine', 'Claudia', 'Petra', 'Monika', 'Andrea',
  'Stefanie', 'Christina', 'Veronika', 'Elisabeth', 'Barbara', 'Ursula', 'Emma', 'Mia', 'Lea',
  'Marie', 'Leonie', 'Jürgen', 'Thomas', 'Michael', 'Andreas', 'Stefan', 'Markus', 'Christian',
  'Martin', 'Florian', 'Tobias', 'Sebastian', 'Alexander', 'Maximilian', 'Johannes', 'Matthias',
  'Daniel', 'Benedikt', 'Korbinian', 'Lukas', 'Felix', 'Jonas', 'Leon', 'Paul', 'Elias', 'Simon',
  'Georg', 'Josef', 'Wolfgang', 'Klaus', 'Bernhard', 'Günther', 'Jörg', 'Uwe', 'Dominik', 'Quirin',
  'Valentin', 'Moritz', 'Niklas', 'Fabian', 'Özlem', 'Mehmet', 'Aleksandra', 'Piotr', 'Ioana',
  'Luca', 'Giulia', 'Zoé',
];

// prettier-ignore
export const LAST_NAMES: readonly string[] = [
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz',
  'Hoffmann', 'Schäfer', 'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann',
  'Schwarz', 'Zimmermann', 'Braun', 'Krüger', 'Hofmann', 'Hartmann', 'Lange', 'Schmitt', 'Werner',
  'Schmitz', 'Krause', 'Meier', 'Lehmann', 'Schmid', 'Schulze', 'Maier', 'Köhler', 'Herrmann',
  'König', 'Walter', 'Huber', 'Mayer', 'Gruber', 'Wimmer', 'Brandl', 'Obermeier', 'Hinterberger',
  'Reiter', 'Moser', 'Steiner', 'Aigner', 'Pichler', 'Lechner', 'Stadler', 'Bichler', 'Eder',
  'Holzer', 'Kreuzer', 'Rieger', 'Sedlmair', 'Fuchs', 'Wieser', 'Hölzl', 'Ziegler', 'Zeller',
  'Kaiser', 'Stöckl', 'Demir', 'Yılmaz', 'Nowak', 'Kowalski', 'Popescu', 'Rossi', 'Dubois',
];

// prettier-ignore
export const STREETS: readonly string[] = [
  'Hauptstraße', 'Bahnhofstraße', 'Schulstraße', 'Gartenstraße', 'Dorfstraße', 'Bergstraße',
  'Lindenstraße', 'Kirchstraße', 'Am Anger', 'Innstraße', 'Münchner Straße', 'Salzburger Straße',
  'Wendelsteinstraße', 'Kufsteiner Straße', 'Am Mühlbach', 'Birkenweg', 'Ahornweg', 'Eichenstraße',
  'Rosenstraße', 'Mozartstraße', 'Goethestraße', 'Schillerstraße', 'Ludwigstraße',
  'Maximilianstraße', 'Prinzregentenstraße', 'Ringstraße', 'Feldweg', 'Wiesenweg', 'Am Sonnenhang',
  'Almweg', 'Chiemseestraße', 'Alpenblick', 'Kapellenweg', 'Lärchenweg', 'Uferstraße',
  'Marktplatz', 'Talstraße', 'Burgstraße', 'Färberstraße', 'Klosterweg',
];

export interface Place {
  readonly postalCode: string;
  readonly city: string;
  readonly countryCode: 'DE' | 'AT' | 'CH';
  /** Relative share of customers living there. */
  readonly weight: number;
}

/** Real postcodes; Upper Bavaria is over-represented, as for a Rosenheim company. */
export const PLACES: readonly Place[] = [
  { postalCode: '83022', city: 'Rosenheim', countryCode: 'DE', weight: 14 },
  { postalCode: '83024', city: 'Rosenheim', countryCode: 'DE', weight: 8 },
  { postalCode: '83026', city: 'Rosenheim', countryCode: 'DE', weight: 6 },
  { postalCode: '83059', city: 'Kolbermoor', countryCode: 'DE', weight: 5 },
  { postalCode: '83043', city: 'Bad Aibling', countryCode: 'DE', weight: 5 },
  { postalCode: '83209', city: 'Prien am Chiemsee', countryCode: 'DE', weight: 4 },
  { postalCode: '83278', city: 'Traunstein', countryCode: 'DE', weight: 4 },
  { postalCode: '83646', city: 'Bad Tölz', countryCode: 'DE', weight: 3 },
  { postalCode: '83684', city: 'Tegernsee', countryCode: 'DE', weight: 3 },
  { postalCode: '83714', city: 'Miesbach', countryCode: 'DE', weight: 3 },
  { postalCode: '83435', city: 'Bad Reichenhall', countryCode: 'DE', weight: 2 },
  { postalCode: '83471', city: 'Berchtesgaden', countryCode: 'DE', weight: 2 },
  { postalCode: '82467', city: 'Garmisch-Partenkirchen', countryCode: 'DE', weight: 4 },
  { postalCode: '82362', city: 'Weilheim in Oberbayern', countryCode: 'DE', weight: 2 },
  { postalCode: '85354', city: 'Freising', countryCode: 'DE', weight: 3 },
  { postalCode: '85049', city: 'Ingolstadt', countryCode: 'DE', weight: 4 },
  { postalCode: '80331', city: 'München', countryCode: 'DE', weight: 10 },
  { postalCode: '80469', city: 'München', countryCode: 'DE', weight: 9 },
  { postalCode: '80797', city: 'München', countryCode: 'DE', weight: 8 },
  { postalCode: '81369', city: 'München', countryCode: 'DE', weight: 8 },
  { postalCode: '81541', city: 'München', countryCode: 'DE', weight: 8 },
  { postalCode: '81925', city: 'München', countryCode: 'DE', weight: 7 },
  { postalCode: '86150', city: 'Augsburg', countryCode: 'DE', weight: 6 },
  { postalCode: '87435', city: 'Kempten (Allgäu)', countryCode: 'DE', weight: 3 },
  { postalCode: '87561', city: 'Oberstdorf', countryCode: 'DE', weight: 2 },
  { postalCode: '93047', city: 'Regensburg', countryCode: 'DE', weight: 4 },
  { postalCode: '94032', city: 'Passau', countryCode: 'DE', weight: 2 },
  { postalCode: '84028', city: 'Landshut', countryCode: 'DE', weight: 3 },
  { postalCode: '90402', city: 'Nürnberg', countryCode: 'DE', weight: 6 },
  { postalCode: '91054', city: 'Erlangen', countryCode: 'DE', weight: 3 },
  { postalCode: '97070', city: 'Würzburg', countryCode: 'DE', weight: 3 },
  { postalCode: '70173', city: 'Stuttgart', countryCode: 'DE', weight: 6 },
  { postalCode: '79098', city: 'Freiburg im Breisgau', countryCode: 'DE', weight: 5 },
  { postalCode: '88131', city: 'Lindau (Bodensee)', countryCode: 'DE', weight: 2 },
  { postalCode: '69117', city: 'Heidelberg', countryCode: 'DE', weight: 3 },
  { postalCode: '60311', city: 'Frankfurt am Main', countryCode: 'DE', weight: 6 },
  { postalCode: '65183', city: 'Wiesbaden', countryCode: 'DE', weight: 2 },
  { postalCode: '50667', city: 'Köln', countryCode: 'DE', weight: 6 },
  { postalCode: '40213', city: 'Düsseldorf', countryCode: 'DE', weight: 4 },
  { postalCode: '44135', city: 'Dortmund', countryCode: 'DE', weight: 3 },
  { postalCode: '48143', city: 'Münster', countryCode: 'DE', weight: 4 },
  { postalCode: '30159', city: 'Hannover', countryCode: 'DE', weight: 3 },
  { postalCode: '20095', city: 'Hamburg', countryCode: 'DE', weight: 6 },
  { postalCode: '28195', city: 'Bremen', countryCode: 'DE', weight: 2 },
  { postalCode: '24103', city: 'Kiel', countryCode: 'DE', weight: 2 },
  { postalCode: '10115', city: 'Berlin', countryCode: 'DE', weight: 8 },
  { postalCode: '10999', city: 'Berlin', countryCode: 'DE', weight: 6 },
  { postalCode: '04109', city: 'Leipzig', countryCode: 'DE', weight: 4 },
  { postalCode: '01067', city: 'Dresden', countryCode: 'DE', weight: 4 },
  { postalCode: '99084', city: 'Erfurt', countryCode: 'DE', weight: 2 },
  { postalCode: '6020', city: 'Innsbruck', countryCode: 'AT', weight: 4 },
  { postalCode: '6330', city: 'Kufstein', countryCode: 'AT', weight: 3 },
  { postalCode: '5020', city: 'Salzburg', countryCode: 'AT', weight: 4 },
  { postalCode: '1070', city: 'Wien', countryCode: 'AT', weight: 3 },
  { postalCode: '6370', city: 'Kitzbühel', countryCode: 'AT', weight: 1 },
  { postalCode: '8001', city: 'Zürich', countryCode: 'CH', weight: 2 },
  { postalCode: '7270', city: 'Davos', countryCode: 'CH', weight: 1 },
];

/** Provider-like domains under `.example`, which can never be delivered to. */
// prettier-ignore
export const EMAIL_DOMAINS: readonly string[] = [
  'gmx.example', 'web.example', 't-online.example', 'gmail.example', 'posteo.example',
  'outlook.example', 'mailbox.example', 'example.com',
];

export type ProductGroup = 'bikes' | 'accessories' | 'parts';

export interface CatalogProduct {
  readonly sku: string;
  readonly name: string;
  readonly group: ProductGroup;
  readonly category: string;
  readonly listPriceEur: number;
  /** What the ERP values a unit at (purchase or manufacturing cost). */
  readonly unitCostEur: number;
  /** Relative share of order lines; 0 for a product no longer sold. */
  readonly popularity: number;
  readonly launchedOn: string;
  readonly active: boolean;
}

const bike = (
  sku: string,
  name: string,
  category: string,
  listPriceEur: number,
  popularity: number,
  launchedOn: string,
): CatalogProduct => ({
  sku,
  name,
  group: 'bikes',
  category,
  listPriceEur,
  unitCostEur: Math.round(listPriceEur * 0.52),
  popularity,
  launchedOn,
  active: true,
});

const item = (
  group: 'accessories' | 'parts',
  sku: string,
  name: string,
  category: string,
  listPriceEur: number,
  popularity: number,
): CatalogProduct => ({
  sku,
  name,
  group,
  category,
  listPriceEur,
  unitCostEur: Math.round(listPriceEur * 45) / 100,
  popularity,
  launchedOn: '2018-03-01',
  active: true,
});

/** The catalogue; `product_id` is the 1-based position. Prices in EUR incl. VAT. */
export const PRODUCTS: readonly CatalogProduct[] = [
  bike('AB-EMTB-WDS', 'Wendelstein E-MTB', 'e-mtb', 4999, 30, '2021-02-15'),
  bike('AB-EMTB-WDSP', 'Wendelstein E-MTB Pro', 'e-mtb', 6499, 14, '2023-02-20'),
  bike('AB-EMTB-ZUG', 'Zugspitze E-MTB', 'e-mtb', 5799, 16, '2022-03-01'),
  bike('AB-MTB-KAR29', 'Karwendel 29', 'mtb', 2199, 28, '2019-03-01'),
  bike('AB-MTB-KAR27', 'Karwendel 27.5', 'mtb', 1999, 14, '2019-03-01'),
  bike('AB-MTB-WTZ29', 'Watzmann Trail 29', 'mtb', 2899, 16, '2020-03-02'),
  bike('AB-MTB-HFE', 'Hochfelln Enduro', 'mtb', 3499, 9, '2022-03-01'),
  bike('AB-TRK-CHI', 'Chiemsee Trekking', 'trekking', 1299, 22, '2018-03-01'),
  bike('AB-ETR-CHI', 'Chiemsee E-Trekking', 'e-trekking', 3299, 30, '2020-03-02'),
  bike('AB-TRK-INN', 'Inntal Tour', 'trekking', 1099, 12, '2018-03-01'),
  bike('AB-CTY-ROS', 'Rosenheim City', 'city', 799, 18, '2018-03-01'),
  bike('AB-ECT-ROS', 'Rosenheim E-City', 'e-city', 2599, 24, '2021-02-15'),
  bike('AB-CTY-ISA', 'Isar Urban', 'city', 899, 12, '2022-03-01'),
  bike('AB-GRV-KAM', 'Kampenwand Gravel', 'gravel', 1899, 16, '2021-02-15'),
  bike('AB-RD-SAM', 'Samerberg Road', 'road', 2399, 8, '2020-03-02'),
  bike('AB-KID-SP20', 'Spitzingsee Kids 20', 'kids', 349, 12, '2019-03-01'),
  bike('AB-KID-SP24', 'Spitzingsee Kids 24', 'kids', 429, 10, '2019-03-01'),
  bike('AB-ECG-MAN', 'Mangfall E-Cargo', 'e-cargo', 4499, 7, '2023-02-20'),
  {
    ...bike('AB-GRV-KAM24', 'Kampenwand Gravel (2024)', 'gravel', 1749, 0, '2020-03-02'),
    active: false,
  },
  item('accessories', 'AB-ACC-HLM', 'Alpen Helmet Pro', 'helmets', 129, 55),
  item('accessories', 'AB-ACC-HLMK', 'Alpen Helmet Kids', 'helmets', 59, 20),
  item('accessories', 'AB-ACC-LGT', 'Light Set Day & Night', 'lights', 49.9, 45),
  item('accessories', 'AB-ACC-LCK', 'Folding Lock 90', 'locks', 79.9, 40),
  item('accessories', 'AB-ACC-LCKU', 'U-Lock Heavy', 'locks', 59.9, 25),
  item('accessories', 'AB-ACC-BAG', 'Pannier Bag Inn 20 l', 'bags', 89, 28),
  item('accessories', 'AB-ACC-BPK', 'Trail Backpack 12 l', 'bags', 119, 18),
  item('accessories', 'AB-ACC-BTL', 'Bottle 750 ml', 'bottles', 9.9, 60),
  item('accessories', 'AB-ACC-CAG', 'Bottle Cage Alu', 'bottles', 14.9, 35),
  item('accessories', 'AB-ACC-JRS', 'Jersey Alpine Bikes', 'clothing', 69, 30),
  item('accessories', 'AB-ACC-GLV', 'Gloves Grip', 'clothing', 29.9, 38),
  item('accessories', 'AB-ACC-PMP', 'Floor Pump 11 bar', 'tools', 39.9, 26),
  item('accessories', 'AB-ACC-MTL', 'Multitool 16', 'tools', 24.9, 30),
  item('accessories', 'AB-ACC-CMP', 'GPS Bike Computer', 'electronics', 199, 12),
  item('accessories', 'AB-ACC-KSI', 'Child Seat Zwerg', 'child-seats', 149, 8),
  item('parts', 'AB-PRT-TUB', 'Inner Tube 29"', 'tubes-tyres', 7.9, 70),
  item('parts', 'AB-PRT-TUB28', 'Inner Tube 28"', 'tubes-tyres', 6.9, 55),
  item('parts', 'AB-PRT-TYR', 'Tyre Trail 29" x 2.4', 'tubes-tyres', 54.9, 32),
  item('parts', 'AB-PRT-TYRT', 'Tyre Tour 28" x 1.6', 'tubes-tyres', 34.9, 30),
  item('parts', 'AB-PRT-BRK', 'Disc Brake Pads (pair)', 'brakes', 19.9, 50),
  item('parts', 'AB-PRT-CHN', 'Chain 12-speed', 'drivetrain', 39.9, 30),
  item('parts', 'AB-PRT-CAS', 'Cassette 10-51', 'drivetrain', 89, 12),
  item('parts', 'AB-PRT-SDL', 'Saddle Comfort', 'contact-points', 49.9, 22),
  item('parts', 'AB-PRT-GRP', 'Grips Ergo', 'contact-points', 24.9, 26),
  item('parts', 'AB-PRT-BAT', 'Battery 625 Wh', 'e-bike-parts', 749, 9),
  item('parts', 'AB-PRT-CHG', 'Charger 4 A', 'e-bike-parts', 129, 8),
];

/**
 * Bank codes for the payers' IBANs. German bank codes never start with 0, so a generated IBAN
 * has valid check digits yet can never be somebody's real account.
 */
export const FICTIONAL_BANK_CODES: readonly string[] = [
  '07110000',
  '07150000',
  '07020270',
  '07160000',
  '07090500',
];

/** Warehouses of the ERP: bikes are stocked in Rosenheim only, small items in both. */
export const WAREHOUSES = [
  { code: 'ROS', name: 'Rosenheim Zentrallager', stocks: ['bikes', 'accessories', 'parts'] },
  { code: 'KOL', name: 'Kolbermoor Teilelager', stocks: ['accessories', 'parts'] },
] as const;
