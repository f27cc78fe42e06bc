import type { AuthMethod, CredentialField } from '../../model/connector-model.js';
import type { JsonObject } from './json.js';

/**
 * The react-jsonschema-form UI schema for one auth method: field order,
 * masked and non-autofilled secrets, the option labels of selects, placeholders,
 * a one-line summary of each field's rules as help, and focus on the first field.
 */
export function buildUiSchema(method: AuthMethod, submitText = 'Connect'): JsonObject {
  const ui: Record<string, JsonObject | readonly string[] | JsonObject> = {
    'ui:order': method.fields.map((field) => field.key),
    'ui:submitButtonOptions': { submitText },
  };
  method.fields.forEach((field, index) => {
    ui[field.key] = fieldUi(field, index === 0);
  });
  return ui;
}

function fieldUi(field: CredentialField, first: boolean): JsonObject {
  const placeholder = field.placeholder ?? field.example;
  const help = ruleSummary(field);
  return {
    ...(first ? { 'ui:autofocus': true } : {}),
    // A password input masks the value; "off" keeps browsers from offering a saved login password.
    // A text area cannot mask its value, but browsers still must not offer saved text for a secret.
    ...(field.multiline === true ? { 'ui:widget': 'textarea', ...(field.secret ? { 'ui:autocomplete': 'off' } : {}) } : {}),
    ...(field.secret && field.options === undefined && field.multiline !== true ? { 'ui:widget': 'password', 'ui:autocomplete': 'off' } : {}),
    // The schema's `enum` holds the values; react-jsonschema-form shows these labels in its select widget.
    ...(field.options !== undefined ? { 'ui:widget': 'select', 'ui:enumNames': field.options.map((option) => option.label) } : {}),
    // A number input with steppers; a checkbox (react-jsonschema-form's default for booleans, stated so a theme does not pick a radio pair).
    ...(field.valueType === 'number' || field.valueType === 'integer' ? { 'ui:widget': 'updown' } : {}),
    ...(field.valueType === 'boolean' ? { 'ui:widget': 'checkbox' } : {}),
    ...(placeholder !== undefined ? { 'ui:placeholder': placeholder } : {}),
    ...(help !== undefined ? { 'ui:help': help } : {}),
    // react-jsonschema-form has no "show when" of its own: the condition is a hint for the app's field template (docs/forms.md).
    ...(field.showWhen !== undefined ? { 'ui:options': { showWhen: { field: field.showWhen.field, ...(field.showWhen.values !== undefined ? { values: [...field.showWhen.values] } : {}) } } } : {}),
  };
}

const FORMAT_HELP: Record<NonNullable<CredentialField['format']>, string> = {
  uri: 'A full URL, such as https://example.com.',
  email: 'An email address.',
  hostname: 'A host name, such as example.com.',
  uuid: 'A UUID, such as 123e4567-e89b-12d3-a456-426614174000.',
};

/** "Must start with lin_api_. At least 8 characters." — what the field expects, stated before the user gets it wrong. */
export function ruleSummary(field: Pick<CredentialField, 'patternMessage' | 'format' | 'minLength' | 'maxLength' | 'minimum' | 'maximum' | 'valueType'>): string | undefined {
  const parts: string[] = [];
  const { minimum, maximum } = field;
  const number = field.valueType === 'integer' ? 'A whole number' : 'A number';
  if (minimum !== undefined && maximum !== undefined) parts.push(`${number} from ${minimum} to ${maximum}.`);
  else if (minimum !== undefined) parts.push(`${number} of at least ${minimum}.`);
  else if (maximum !== undefined) parts.push(`${number} of at most ${maximum}.`);
  if (field.patternMessage !== undefined) parts.push(sentence(capitalise(field.patternMessage)));
  if (field.format !== undefined) parts.push(FORMAT_HELP[field.format]);
  const { minLength, maxLength } = field;
  // A minimum of 1 only says "not empty", which the required marker already shows.
  if (minLength !== undefined && minLength === maxLength) {
    parts.push(`Exactly ${characters(minLength)}.`);
  } else if (minLength !== undefined && minLength > 1 && maxLength !== undefined) {
    parts.push(`Between ${minLength} and ${characters(maxLength)}.`);
  } else if (minLength !== undefined && minLength > 1) {
    parts.push(`At least ${characters(minLength)}.`);
  } else if (maxLength !== undefined) {
    parts.push(`At most ${characters(maxLength)}.`);
  }
  return parts.length > 0 ? parts.join(' ') : undefined;
}

function characters(count: number): string {
  return `${count} character${count === 1 ? '' : 's'}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function sentence(text: string): string {
  return /[.!?]$/u.test(text) ? text : `${text}.`;
}
