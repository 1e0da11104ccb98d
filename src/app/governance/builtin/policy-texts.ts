import type { Finding } from '../../../core/findings/finding.ts';

/**
 * The built-in policies' texts in the languages Meshwork speaks besides English. The
 * English text is the policy file's own `title`, `description` and `hint` (the Policy
 * document stays plain meshwork/v1, which any mesh's own policies also follow); this
 * table adds the others, keyed by policy id. The portal reads it through
 * `GET /api/governance/texts?lang=de`, the CLI's text output (`lint`, `check`) when the
 * mesh's `defaults.language` is `de`. A mesh's own policies have no entry: they are the
 * mesh's words, shown as written. `test/app/builtin-policy-texts.test.ts` keeps the table
 * and the pack in step: every built-in policy has every language, and no entry is stale.
 */
export interface PolicyText {
  readonly title: string;
  readonly description: string;
  readonly hint: string;
}

export type PolicyTextLanguage = 'de';
export const POLICY_TEXT_LANGUAGES: readonly PolicyTextLanguage[] = ['de'];

const de: Readonly<Record<string, PolicyText>> = {
  'access-auto-approve-same-domain': {
    title:
      'Anfragen innerhalb einer Domäne ohne personenbezogene oder vertrauliche Daten werden automatisch genehmigt',
    description:
      'Ein Team, das ein Produkt der eigenen Domäne ohne personenbezogene und ohne vertrauliche Daten liest, braucht keinen Klick der Verantwortlichen: die Anfrage wird in ihrem Namen als „policy:access-auto-approve-same-domain“ genehmigt. Vertrauliche Spalten (mit einer Vertraulichkeitsstufe klassifiziert) entscheiden die Verantwortlichen selbst.',
    hint: 'Nichts zu tun: die Anfrage wird bei der Erstellung genehmigt.',
  },
  'access-dpo-approval': {
    title: 'Der Datenschutzbeauftragte genehmigt Zugriffe auf personenbezogene Daten',
    description:
      'Vier Augen für personenbezogene Daten: Neben den Verantwortlichen des liefernden Teams genehmigt ein Nutzer mit der Rolle governance (der Datenschutzbeauftragte) jede Anfrage, die personenbezogene Spalten enthält.',
    hint: 'Auf die Genehmigung des Datenschutzbeauftragten warten oder nur Spalten ohne personenbezogene Daten anfragen.',
  },
  'access-max-duration': {
    title: 'Zugriff wird befristet gewährt',
    description:
      'Zweckgebundener Zugriff endet (DSGVO Art. 5 Abs. 1 lit. b, e): eine Freigabe gilt höchstens {maxDays} Tage; wer sie länger braucht, verlängert sie, und die Verantwortlichen sehen sie sich erneut an.',
    hint: 'Ein Enddatum höchstens {maxDays} Tage ab heute wählen; den Zugriff verlängern, wenn er endet.',
  },
  'access-personal-data-legal-basis': {
    title: 'Personenbezogene Daten nur für einen Zweck mit Rechtsgrundlage',
    description:
      'Die Verarbeitung personenbezogener Daten ist nur auf einer Rechtsgrundlage nach DSGVO Art. 6 Abs. 1 rechtmäßig; eine Anfrage mit personenbezogenen Spalten nennt einen Zweck des Katalogs, der eine angibt.',
    hint: 'Einen Zweck wählen, dessen legalBasis in meshwork.yaml gesetzt ist, oder die personenbezogenen Spalten weglassen.',
  },
  'access-recertification': {
    title: 'Verantwortliche bestätigen aktive Freigaben regelmäßig',
    description:
      'Ein Zugriff, auf den niemand mehr schaut, überdauert seinen Zweck. Die Verantwortlichen des liefernden Teams bestätigen jede aktive Freigabe mindestens alle {recertifyEveryDays} Tage, sonst verfällt sie; {remindDaysBefore} Tage vor dem Ende einer Freigabe werden sie erinnert.',
    hint: 'Die Freigabe bestätigen (POST /api/grants/{id}/recertify) oder den Nutzer sie verlängern lassen.',
  },
  'confidential-says-if-personal': {
    title: 'Vertrauliche Spalten sagen, ob sie personenbezogen sind',
    description:
      'Eine Vertraulichkeitsstufe in der Klassifizierung sagt, wie streng ein Wert geschützt wird, nicht, ob er eine Person betrifft: Umsatz ist vertraulich und niemandes personenbezogenes Datum, eine Diagnose ist beides. Nur eine als personenbezogen erklärte Spalte steht im Verzeichnis von Verarbeitungstätigkeiten (DSGVO Art. 30), braucht für einen Zugriff die Genehmigung des Datenschutzbeauftragten und eine Löschfrist; eine vertrauliche Spalte sagt deshalb, was sie ist.',
    hint: 'Personenbezogen: die Eigenschaft mit pii markieren (oder customProperties: [{property: personalData, value: true}]). Nicht personenbezogen: customProperties: [{property: personalData, value: false}].',
  },
  'contract-version-semver': {
    title: 'Die Version des Vertrags ist eine semantische Version',
    description:
      '`meshwork diff` prüft, dass inkompatible Änderungen eine neue Hauptversion bekommen; dafür braucht es eine semantische Version.',
    hint: 'Die Vertragsversion als MAJOR.MINOR.PATCH schreiben, z. B. 1.0.0.',
  },
  'critical-data-elements-have-quality': {
    title: 'Kritische Datenelemente haben Qualitätsregeln',
    description:
      'Ein kritisches Datenelement ist eines, auf das sich das Geschäft verlässt; es braucht mindestens eine Qualitätsregel, die getestet wird.',
    hint: 'Der Eigenschaft eine Qualitätsregel geben, z. B. quality: [{type: library, metric: nullValues, mustBe: 0}].',
  },
  'latency-within-limit': {
    title: 'Verträge versprechen ausreichend aktuelle Daten',
    description:
      'Nutzer planen mit aktuellen Daten. Jeder aktive Vertrag vereinbart ein Latenz-SLA, und es ist nicht länger, als das Mesh erlaubt.',
    hint: 'Ein Latenz-SLA angeben (slaProperties: property latency, value, unit d) von höchstens der erlaubten Zahl an Tagen.',
  },
  'no-deprecated-inputs': {
    title: 'Kein aktives Produkt liest einen abgekündigten Port ohne Vermerk',
    description:
      'Wer einen abgekündigten Vertrag liest, plant einen Bruch. Das lesende Team dokumentiert seine Umstellung in einem Vermerk (customProperty deprecationNote), damit niemand überrascht wird.',
    hint: 'Auf den Nachfolgevertrag umstellen oder dem Eingabeport customProperties: [{property: deprecationNote, value: <Plan>}] geben.',
  },
  'no-lineage-cycle': {
    title: 'Das Produkt ist nicht Teil eines Herkunftszyklus',
    description:
      'Ein Produkt, das (mittelbar) seine eigene Ausgabe liest, lässt sich in keiner Reihenfolge bauen.',
    hint: 'Den Zyklus auflösen: Eines der Produkte darf den Ausgabeport des anderen nicht mehr lesen.',
  },
  'output-port-has-contract': {
    title: 'Jeder Ausgabeport hat einen Datenvertrag',
    description:
      'Ein Ausgabeport ohne Vertrag verspricht nichts: kein Schema, keine Qualität, kein SLA. Nutzer müssen sich auf das verlassen können, was sie lesen.',
    hint: 'Einen ODCS-Vertrag (*.odcs.yaml) im Produktordner schreiben und seine id als contractId des Ports angeben.',
  },
  'personal-data-classified': {
    title: 'Spalten, die personenbezogen wirken, sind klassifiziert',
    description:
      'DSGVO Art. 30 und Zugriffskontrolle beginnen damit, zu wissen, wo personenbezogene Daten liegen. Eine Spalte, deren Name oder Beispiele personenbezogen wirken, braucht eine nicht öffentliche Klassifizierung.',
    hint: 'Eine Klassifizierung setzen (z. B. restricted) und die Eigenschaft mit pii markieren, oder sie umbenennen, wenn sie keine personenbezogenen Daten enthält.',
  },
  'personal-data-terms-of-use': {
    title: 'Personenbezogene Daten werden nicht ohne Nutzungsbedingungen veröffentlicht',
    description:
      'Personenbezogene Daten dürfen nur für festgelegte Zwecke verwendet werden (DSGVO Art. 5 Abs. 1 lit. b); ein Vertrag, der sie veröffentlicht, muss sagen, wie sie genutzt werden dürfen.',
    hint: 'Dem Vertrag description.usage geben: die Zwecke, für die die Daten genutzt werden dürfen, und die Grenzen.',
  },
  'product-version-semver': {
    title: 'Produkt- und Portversionen sind semantische Versionen',
    description:
      'Semantische Versionen (MAJOR.MINOR.PATCH) sagen Nutzern, ob eine Änderung sie brechen kann.',
    hint: 'Versionen als MAJOR.MINOR.PATCH schreiben, z. B. 1.2.0.',
  },
  'property-described': {
    title: 'Jede Eigenschaft ist beschrieben',
    description:
      'Ein Spaltenname ist keine Dokumentation; Nutzer müssen wissen, was ein Wert bedeutet und wie er berechnet wird.',
    hint: 'Der Eigenschaft eine Beschreibung geben: was der Wert bedeutet, seine Einheit, woher er kommt.',
  },
  'property-physical-name-snake-case': {
    title: 'Spaltennamen sind snake_case',
    description:
      'snake_case-Namen funktionieren ungequotet in jeder SQL-Engine, in die Meshwork ausliefert (PostgreSQL schreibt ungequotete Namen klein).',
    hint: 'Die Eigenschaft in snake_case umbenennen (oder physicalName setzen), z. B. customer_id.',
  },
  'purpose-stated': {
    title: 'Das Produkt nennt seinen Zweck',
    description:
      'Am Zweck entscheiden Nutzer, ob ein Produkt zu ihrem Bedarf passt; das Portal zeigt ihn zuerst.',
    hint: 'description.purpose in product.odps.yaml ergänzen: ein oder zwei Sätze, wofür das Produkt da ist.',
  },
  'retention-where-personal': {
    title: 'Wo personenbezogene Daten sind, ist die Aufbewahrung angegeben',
    description:
      'Personenbezogene Daten dürfen nur so lange gespeichert werden wie nötig (DSGVO Art. 5 Abs. 1 lit. e); der Vertrag sagt, wie lange.',
    hint: 'Ein Aufbewahrungs-SLA ergänzen: slaProperties: [{property: retention, value: 3, unit: y}].',
  },
  'schema-physical-name-snake-case': {
    title: 'Tabellennamen sind snake_case',
    description:
      'snake_case-Namen funktionieren ungequotet in jeder SQL-Engine, in die Meshwork ausliefert (PostgreSQL schreibt ungequotete Namen klein).',
    hint: 'Das Objekt in snake_case umbenennen (oder physicalName setzen), z. B. order_lines.',
  },
  'status-agrees-with-contracts': {
    title: 'Der Status des Produkts passt zum Status seiner Verträge',
    description:
      'Ein aktives Produkt muss aktive Verträge veröffentlichen; ein stillgelegtes Produkt darf keine aktiven behalten. Sonst lesen Nutzer ein Versprechen, das niemand hält.',
    hint: 'Die Status angleichen: Die Verträge eines aktiven Produkts sind aktiv; die eines stillgelegten sind abgekündigt oder stillgelegt.',
  },
  'support-channel': {
    title: 'Es gibt einen Supportkanal',
    description: 'Nutzer mit einer Frage oder einem Problem müssen wissen, wo sie fragen können.',
    hint: 'Einen Support-Eintrag (channel und url) in product.odps.yaml ergänzen, z. B. einen Teams-Kanal oder eine Ticket-Queue.',
  },
  'team-exists': {
    title: 'Das verantwortliche Team existiert und hat ein Mitglied mit E-Mail',
    description:
      'Jedes Datenprodukt braucht Menschen, die dafür einstehen. Das Team, das das Produkt nennt, muss ein Team seiner Domäne sein (domain.yaml), mit mindestens einem per E-Mail erreichbaren Mitglied.',
    hint: 'team.name in product.odps.yaml auf ein Team aus domain.yaml setzen und diesem Team ein Mitglied mit E-Mail geben.',
  },
};

const TEXTS: Readonly<Record<PolicyTextLanguage, Readonly<Record<string, PolicyText>>>> = { de };

export function isPolicyTextLanguage(value: string): value is PolicyTextLanguage {
  return (POLICY_TEXT_LANGUAGES as readonly string[]).includes(value);
}

/** The built-in policies' texts in one language, by policy id. */
export function builtinPolicyTexts(
  language: PolicyTextLanguage,
): Readonly<Record<string, PolicyText>> {
  return TEXTS[language];
}

/** `meshwork.yaml`'s `defaults.language`, when it is one the built-in texts speak. */
export function meshLanguage(organisation: unknown): PolicyTextLanguage | undefined {
  if (organisation === null || typeof organisation !== 'object') return undefined;
  const defaults = (organisation as { defaults?: unknown }).defaults;
  if (defaults === null || typeof defaults !== 'object') return undefined;
  const language = (defaults as { language?: unknown }).language;
  return typeof language === 'string' && isPolicyTextLanguage(language) ? language : undefined;
}

/**
 * Findings of built-in policies with their title and hint in `language`; the rest as
 * they are. A policy finding's message is `<target>: <title>` (core/governance/catalogue.ts),
 * so the title after the last ": " is replaced; the target keeps the names as written.
 */
export function localizePolicyFindings(
  findings: readonly Finding[],
  language: PolicyTextLanguage | undefined,
): readonly Finding[] {
  if (language === undefined) return findings;
  const texts = TEXTS[language];
  return findings.map((f) => {
    const text = f.policy === undefined ? undefined : texts[f.policy];
    const cut = f.message.lastIndexOf(': ');
    if (!text || cut < 0) return f;
    return { ...f, message: `${f.message.slice(0, cut)}: ${text.title}`, hint: text.hint };
  });
}
