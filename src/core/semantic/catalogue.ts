import { defineCatalogue } from '../findings/codes.ts';

/**
 * Codes of the semantic checks on an ODCS contract: what a structurally valid contract
 * can still get wrong. Messages say what is wrong and where (`at` is a JSONPath); hints say
 * how to fix it.
 */
export const semanticCodes = defineCatalogue({
  // Quality rules
  'quality-metric-missing': {
    severity: 'error',
    message: (p: { at: string }) => `The library quality rule at ${p.at} names no metric.`,
    hint: () =>
      'Add `metric:` with one of nullValues, missingValues, invalidValues, duplicateValues, rowCount.',
  },
  'quality-metric-unknown': {
    severity: 'warning',
    message: (p: { at: string; metric: string }) =>
      `The quality rule at ${p.at} uses the metric "${p.metric}", which is not one of the ODCS library metrics; Meshwork cannot check it.`,
    hint: () =>
      'Use nullValues, missingValues, invalidValues, duplicateValues or rowCount, or write the check as `type: sql` with a query.',
  },
  'quality-rule-deprecated': {
    severity: 'warning',
    message: (p: { at: string; rule: string; metric: string }) =>
      `The quality rule at ${p.at} uses \`rule: ${p.rule}\`, the ODCS v3.0 spelling; since v3.1 it is \`metric: ${p.metric}\`.`,
    hint: (p: { at: string; rule: string; metric: string }) =>
      `Replace \`rule\` by \`metric: ${p.metric}\` (arguments go under \`arguments:\`).`,
  },
  'quality-metric-wrong-level': {
    severity: 'error',
    message: (p: { at: string; metric: string; level: string; expected: string }) =>
      `The metric ${p.metric} at ${p.at} is written on ${p.level}, but it applies to ${p.expected}.`,
    hint: (p: { at: string; metric: string; level: string; expected: string }) =>
      `Move the ${p.metric} rule into the \`quality\` list of ${p.expected}.`,
  },
  'quality-argument-missing': {
    severity: 'error',
    message: (p: { at: string; metric: string; needs: string; example: string }) =>
      `The ${p.metric} rule at ${p.at} needs ${p.needs}.`,
    hint: (p: { at: string; metric: string; needs: string; example: string }) =>
      `Add it under \`arguments:\`, e.g. ${p.example}.`,
  },
  'quality-argument-invalid': {
    severity: 'error',
    message: (p: { at: string; argument: string; expected: string }) =>
      `The argument ${p.argument} at ${p.at} must be ${p.expected}.`,
    hint: (p: { at: string; argument: string; expected: string }) =>
      `Write ${p.argument} as ${p.expected}.`,
  },
  'quality-argument-unknown-property': {
    severity: 'error',
    message: (p: { at: string; property: string; object: string; known: string }) =>
      `The quality rule at ${p.at} names the property "${p.property}", which schema object "${p.object}" does not have.`,
    hint: (p: { at: string; property: string; object: string; known: string }) =>
      `Use the name of one of its properties${p.known ? ` (${p.known})` : ''}.`,
  },
  'quality-pattern-invalid': {
    severity: 'error',
    message: (p: { at: string; pattern: string; reason: string }) =>
      `The pattern ${p.pattern} at ${p.at} is not a valid regular expression: ${p.reason}.`,
    hint: () =>
      'Write an ECMA-262 (JavaScript) regular expression; in YAML, quote it with single quotes so backslashes stay as written.',
  },
  'quality-operator-missing': {
    severity: 'error',
    message: (p: { at: string }) =>
      `The quality rule at ${p.at} has no operator, so there is nothing to compare its result with.`,
    hint: () =>
      'Add one of mustBe, mustNotBe, mustBeGreaterThan, mustBeGreaterOrEqualTo, mustBeLessThan, mustBeLessOrEqualTo, mustBeBetween, mustNotBeBetween (e.g. `mustBe: 0`).',
  },
  'quality-operator-conflict': {
    severity: 'error',
    message: (p: { at: string; operators: string }) =>
      `The quality rule at ${p.at} has more than one operator (${p.operators}); ODCS allows exactly one.`,
    hint: () =>
      'Keep one operator; for a range use mustBeBetween: [low, high] instead of two comparisons, or split it into two rules.',
  },
  'quality-threshold-not-number': {
    severity: 'error',
    message: (p: { at: string; operator: string; metric: string; value: string }) =>
      `${p.operator} at ${p.at} is ${p.value}, but the ${p.metric} metric is a number.`,
    hint: (p: { at: string; operator: string; metric: string; value: string }) =>
      `Write a number for ${p.operator}.`,
  },
  'quality-between-invalid': {
    severity: 'error',
    message: (p: { at: string; operator: string; detail: string }) =>
      `${p.operator} at ${p.at} ${p.detail}.`,
    hint: (p: { at: string; operator: string; detail: string }) =>
      `Write ${p.operator} as two different numbers, the smaller first, e.g. [10, 100] (both bounds are included).`,
  },
  'quality-unit-unknown': {
    severity: 'warning',
    message: (p: { at: string; unit: string }) =>
      `The unit "${p.unit}" at ${p.at} is neither rows nor percent; Meshwork cannot compare with it.`,
    hint: () => 'Use `unit: rows` (the default) or `unit: percent`.',
  },
  'quality-unit-not-applicable': {
    severity: 'error',
    message: (p: { at: string; metric: string; unit: string }) =>
      `The ${p.metric} metric at ${p.at} cannot be measured in ${p.unit}.`,
    hint: () => 'Remove the unit or use `unit: rows`.',
  },
  'quality-percent-out-of-range': {
    severity: 'error',
    message: (p: { at: string; operator: string; value: string }) =>
      `${p.operator} at ${p.at} is ${p.value}, but with \`unit: percent\` a threshold lies between 0 and 100.`,
    hint: () =>
      'Write the percentage as a number from 0 to 100 (1 means 1 %), or use `unit: rows`.',
  },

  // SQL quality rules
  'unknown-placeholder': {
    severity: 'error',
    message: (p: { at: string; placeholder: string; suggestion: string }) =>
      `The query at ${p.at} uses the placeholder ${p.placeholder}, which is not replaced.`,
    hint: (p: { at: string; placeholder: string; suggestion: string }) =>
      `Use {object} (or {table}) for the schema object and {property} (or {column}) for the property${p.suggestion}.`,
  },
  'placeholder-needs-property': {
    severity: 'error',
    message: (p: { at: string; placeholder: string }) =>
      `The query at ${p.at} uses ${p.placeholder}, but the rule is written on a schema object, not on a property.`,
    hint: () =>
      'Name the column in the query, or move the rule into the `quality` list of the property it checks.',
  },
  'sql-syntax-error': {
    severity: 'error',
    message: (p: { at: string; error: string }) =>
      `The query at ${p.at} does not parse: ${p.error}.`,
    hint: () =>
      'Fix the SQL; placeholders such as {object} are replaced by quoted names before parsing.',
  },
  'sql-not-select': {
    severity: 'error',
    message: (p: { at: string }) => `The query at ${p.at} is not a SELECT statement.`,
    hint: () =>
      'A quality query reads and returns one value, e.g. SELECT COUNT(*) FROM {object} WHERE …; it must not change data.',
  },
  'sql-multiple-statements': {
    severity: 'error',
    message: (p: { at: string; count: number }) =>
      `The query at ${p.at} holds ${p.count} statements; a quality rule runs exactly one.`,
    hint: () => 'Keep one SELECT statement, or split the check into several quality rules.',
  },
  'sql-empty': {
    severity: 'error',
    message: (p: { at: string }) => `The query at ${p.at} is empty.`,
    hint: () =>
      'Write a SELECT statement returning the value to compare, e.g. SELECT COUNT(*) FROM {object}.',
  },

  // Primary keys
  'primary-key-position-duplicate': {
    severity: 'error',
    message: (p: { at: string; position: number; other: string; object: string }) =>
      `primaryKeyPosition ${p.position} at ${p.at} is also used by "${p.other}" in schema object "${p.object}".`,
    hint: () => 'Give each primary key column its own position: 1, 2, 3, … in key order.',
  },
  'primary-key-position-gap': {
    severity: 'error',
    message: (p: { at: string; position: number; count: number; object: string }) =>
      `primaryKeyPosition ${p.position} at ${p.at} is out of sequence: schema object "${p.object}" has ${p.count} positioned key column(s), so positions run from 1 to ${p.count}.`,
    hint: () => 'Number the primary key columns 1, 2, 3, … without gaps, in key order.',
  },
  'primary-key-position-without-primary-key': {
    severity: 'error',
    message: (p: { at: string; property: string }) =>
      `Property "${p.property}" at ${p.at} has a primaryKeyPosition but is not marked primaryKey: true.`,
    hint: () =>
      'Add `primaryKey: true`, or remove primaryKeyPosition if the column is not part of the key.',
  },
  'primary-key-without-position': {
    severity: 'warning',
    message: (p: { at: string; property: string; count: number }) =>
      `Property "${p.property}" at ${p.at} is one of ${p.count} primary key columns but has no primaryKeyPosition, so the key order is unknown.`,
    hint: () =>
      'Add primaryKeyPosition (1, 2, 3, … in key order) to every column of a composite key.',
  },

  // Relationships
  'relationship-reference-malformed': {
    severity: 'error',
    message: (p: { at: string; reference: string; detail: string }) =>
      `The reference "${p.reference}" at ${p.at} ${p.detail}.`,
    hint: () =>
      'Write object.property (names) or schema/<object id>/properties/<property id> (ids); prefix another contract as <file>#….',
  },
  'relationship-unknown-object': {
    severity: 'error',
    message: (p: { at: string; reference: string; object: string; by: string; known: string }) =>
      `The reference "${p.reference}" at ${p.at} points at schema object ${p.by} "${p.object}", which this contract does not have.`,
    hint: (p: { at: string; reference: string; object: string; by: string; known: string }) =>
      `Use one of this contract's schema objects${p.known ? ` (${p.known})` : ''}, or prefix the other contract (<file>#…).`,
  },
  'relationship-unknown-property': {
    severity: 'error',
    message: (p: {
      at: string;
      reference: string;
      property: string;
      by: string;
      object: string;
      known: string;
    }) =>
      `The reference "${p.reference}" at ${p.at} points at property ${p.by} "${p.property}", which "${p.object}" does not have.`,
    hint: (p: {
      at: string;
      reference: string;
      property: string;
      by: string;
      object: string;
      known: string;
    }) => `Use one of its properties${p.known ? ` (${p.known})` : ''}.`,
  },
  'relationship-arity-mismatch': {
    severity: 'error',
    message: (p: { at: string; from: number; to: number }) =>
      `The relationship at ${p.at} maps ${p.from} column(s) to ${p.to} column(s).`,
    hint: () =>
      'List as many target columns in `to` as source columns in `from`, in matching order (a property-level relationship has one source column: the property itself).',
  },
  // Data subjects (GDPR): which columns identify a person (`meshwork dsr`), whom the data is about
  'subject-key-invalid': {
    severity: 'error',
    message: (p: { at: string }) =>
      `The meshworkSubjectKey at ${p.at} is not an identifier kind: \`meshwork dsr\` would not search this column.`,
    hint: () =>
      'Write one kebab-case kind as a string, e.g. `value: email`, `value: customer-id` (the same kind in two contracts means the same identifier).',
  },
  'subject-key-duplicate': {
    severity: 'error',
    message: (p: { at: string; property: string }) =>
      `Property "${p.property}" declares meshworkSubjectKey more than once (again at ${p.at}).`,
    hint: () => 'A column identifies a person by one kind: keep one meshworkSubjectKey.',
  },
  'subject-key-misplaced': {
    severity: 'error',
    message: (p: { at: string; level: string }) =>
      `meshworkSubjectKey at ${p.at} is written on ${p.level}; it names a column and is read only on a schema object's direct properties.`,
    hint: () =>
      'Move it into the `customProperties` of the property (column) that identifies the person.',
  },
  'data-subjects-invalid': {
    severity: 'error',
    message: (p: { at: string }) =>
      `The meshworkDataSubjects at ${p.at} is not a category name or a list of them.`,
    hint: () =>
      'Write the categories of data subjects as a list of names, e.g. `value: [customers, employees]`.',
  },
  'data-subjects-misplaced': {
    severity: 'error',
    message: (p: { at: string }) =>
      `meshworkDataSubjects at ${p.at} is written on a property; it is read on the contract or a schema object.`,
    hint: () =>
      'Move it into the `customProperties` of the schema object (or of the contract, for all its objects).',
  },

  // Names
  'name-control-char': {
    severity: 'error',
    message: (p: { at: string; name: string; char: string }) =>
      `The name ${p.name} at ${p.at} holds the control character ${p.char} (a line break, NUL, escape or the like); SQL, YAML and terminals that carry the name can be made to run or show something else.`,
    hint: () =>
      'Name tables and columns without control characters; if the database really has such a name, fix it there first.',
  },
});
