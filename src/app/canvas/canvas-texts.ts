/** The sentences a draft writes into its files, in the canvas's language. */
export interface CanvasTexts {
  readonly transformHead: string;
  readonly inputPorts: string;
  readonly transformEdit: string;
  /** The output object's description; `{base}` is the object a row stands for. */
  readonly objectDescription: string;
  readonly portDescription: string;
  readonly typesFromContracts: string;
}

const TEXTS: Readonly<Record<'de' | 'en', CanvasTexts>> = {
  de: {
    transformHead: 'Entwurf aus dem Produkt-Canvas (meshwork new product).',
    inputPorts: 'Eingangsports',
    transformEdit:
      'Die Spaltenliste ist ausdrücklich: eine neue Spalte gehört auch in den Vertrag (meshwork validate prüft beide).',
    objectDescription: 'Eine Zeile je Zeile von {base}.',
    portDescription: 'Die Ausgabe des Produkts, eine Zeile je Zeile von {base}.',
    typesFromContracts:
      'Typen aus den deklarierten Typen der Eingangsverträge abgeleitet, weil die Daten nicht gelesen werden konnten',
  },
  en: {
    transformHead: 'drafted from the product canvas (meshwork new product).',
    inputPorts: 'Input ports',
    transformEdit:
      'The column list is explicit: a new column belongs into the contract too (meshwork validate checks both).',
    objectDescription: 'One row per row of {base}.',
    portDescription: 'The product’s output, one row per row of {base}.',
    typesFromContracts:
      'types derived from the input contracts’ declared types, because the data could not be read',
  },
};

export function canvasTexts(language: 'de' | 'en'): CanvasTexts {
  return TEXTS[language];
}
