/**
 * The canvas's questions on a terminal (`meshwork new product`), in German and English:
 * the seed's questions — what for, who benefits, which team, which inputs, which columns,
 * which service levels.
 */
export interface CanvasQuestions {
  readonly intro: string;
  readonly domain: string;
  readonly name: string;
  readonly id: string;
  readonly purpose: string;
  readonly consumers: string;
  readonly team: string;
  readonly owner: string;
  readonly inputs: string;
  readonly columns: string;
  readonly columnsAll: string;
  readonly latency: string;
  readonly schedule: string;
  readonly retention: string;
  readonly retentionFromInputs: string;
  readonly required: string;
  readonly notAChoice: string;
  readonly confirm: string;
  readonly notWritten: string;
  readonly written: string;
  readonly next: string;
  readonly dryRun: string;
}

export const QUESTIONS: Readonly<Record<'de' | 'en', CanvasQuestions>> = {
  de: {
    intro: 'Neues Datenprodukt — der Produkt-Canvas. Enter übernimmt den Vorschlag in Klammern.',
    domain: 'In welcher Domäne entsteht das Produkt?',
    name: 'Wie heißt das Produkt?',
    id: 'Kennung (kebab-case, auch der Ordnername)',
    purpose: 'Wofür ist es da — welche Frage beantwortet es?',
    consumers: 'Wer braucht es und hat etwas davon?',
    team: 'Welches Team verantwortet es?',
    owner: 'Wer ist verantwortlich (Benutzername)?',
    inputs: 'Welche vorhandenen Verträge liest es? (Nummern oder Kennungen, mit Komma getrennt)',
    columns: 'Welche Spalten bietet es an? (Nummern oder Namen, mit Komma getrennt)',
    columnsAll: 'alle des ersten Eingangs',
    latency: 'Wie alt dürfen die Daten höchstens sein? (z. B. 1d, 4h)',
    schedule: 'Wann wird es gebaut? (Cron-Ausdruck)',
    retention: 'Wie lange werden Zeilen aufbewahrt? (z. B. 3y, 18m; leer: von den Eingängen)',
    retentionFromInputs: 'von den Eingängen',
    required: 'Bitte eine Antwort eingeben.',
    notAChoice: 'Keine der Möglichkeiten',
    confirm: 'Diese Dateien schreiben?',
    notWritten: 'Nichts geschrieben.',
    written: 'Geschrieben',
    next: 'Weiter',
    dryRun: 'Probelauf: nichts geschrieben.',
  },
  en: {
    intro: 'New data product — the product canvas. Enter takes the suggestion in brackets.',
    domain: 'Which domain does the product belong to?',
    name: 'What is the product called?',
    id: 'Id (kebab-case, also the folder name)',
    purpose: 'What is it for — which question does it answer?',
    consumers: 'Who needs it and benefits from it?',
    team: 'Which team owns it?',
    owner: 'Who is the owner (user name)?',
    inputs: 'Which existing contracts does it read? (numbers or ids, comma-separated)',
    columns: 'Which columns does it offer? (numbers or names, comma-separated)',
    columnsAll: 'all of the first input',
    latency: 'How old may the data be at most? (e.g. 1d, 4h)',
    schedule: 'When is it built? (cron expression)',
    retention: 'How long are rows kept? (e.g. 3y, 18m; empty: from the inputs)',
    retentionFromInputs: 'from the inputs',
    required: 'Please give an answer.',
    notAChoice: 'Not one of the choices',
    confirm: 'Write these files?',
    notWritten: 'Nothing was written.',
    written: 'Wrote',
    next: 'Next',
    dryRun: 'Dry run: nothing was written.',
  },
};
