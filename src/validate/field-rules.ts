/**
 * Rules for field kinds (`type: select`): a select has options, their values
 * are unique, a default is one of them, and, where an auth method or the base
 * URL puts the value, every option passes that place's rule. Checking the
 * fixed options here is what lets a select fill slots free text may not
 * (`https://api.{site}`), and keeps run-time patterns off selects.
 */
import { diagnostic, type Diagnostic, type DiagnosticCode } from '../diagnostics/diagnostic.js';
import type { SpecPath, SpecSourceMap } from '../load/source-map.js';
import { ROLE_RULES } from '../runtime/credentials.js';
import type { RawSpec } from './raw-spec.js';
import { parseTemplate, templateFieldKeys } from './placeholders.js';

export interface FieldRuleContext {
  readonly file: string;
  readonly sourceMap: SpecSourceMap;
}

/** CC3043: the option lists of select fields, and defaults. */
export function checkFieldOptions(spec: RawSpec, context: FieldRuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = report(out, context);
  spec.fields.forEach((field, index) => {
    const options = field.options ?? [];
    if (field.type === 'select' && field.options === undefined) {
      at('CC3043', ['fields', index, 'type'], `Select field \`${field.key}\` has no \`options\`.`, 'List its choices: `options: [{ value: us, label: US }, …]`.');
    }
    if (field.type !== 'select' && field.options !== undefined) {
      at('CC3043', ['fields', index, 'options'], `Field \`${field.key}\` has \`options\` but is not a select.`, 'Add `type: select`, or remove `options`.', true);
    }
    const seen = new Set<string>();
    options.forEach((option, optionIndex) => {
      if (seen.has(option.value)) at('CC3043', ['fields', index, 'options', optionIndex, 'value'], `Field \`${field.key}\` lists option \`${option.value}\` twice.`, 'Option values must be unique; remove the second one.');
      seen.add(option.value);
    });
    if (field.type === 'select' && typeof field.default === 'string' && field.options !== undefined && !seen.has(field.default)) {
      at('CC3043', ['fields', index, 'default'], `The default of \`${field.key}\` is not one of its option values.`, `Use one of ${[...seen].map((value) => `\`${value}\``).join(', ')}.`);
    }
  });
  return out;
}

/** What a field of each kind may not have: the keys that only mean something for text, or only for numbers. */
const TEXT_ONLY_KEYS = ['pattern', 'patternMessage', 'format', 'minLength', 'maxLength', 'example'] as const;
const NUMBER_ONLY_KEYS = ['minimum', 'maximum', 'integer'] as const;

/**
 * CC3050: the keys and values of number and boolean fields. Lengths,
 * patterns, formats, examples and `secret` are for text kinds; `minimum`,
 * `maximum` and `integer` for number fields; `minimum` ≤ `maximum`; a
 * default has the field's type (a number within the bounds, whole when
 * `integer`; `true`/`false` for a checkbox; text otherwise); a required
 * checkbox has a default (react-jsonschema-form leaves an untouched checkbox
 * unset, which a required field would refuse).
 */
export function checkFieldKinds(spec: RawSpec, context: FieldRuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = report(out, context);
  spec.fields.forEach((field, index) => {
    const kind = field.type ?? 'text';
    const typed = kind === 'number' || kind === 'boolean';
    const where = (key: string): SpecPath => ['fields', index, key];
    if (typed) {
      for (const key of TEXT_ONLY_KEYS) {
        if (field[key] !== undefined) at('CC3050', where(key), `Field \`${field.key}\` is a ${kind} field; \`${key}\` applies only to text fields.`, `Remove \`${key}\`${kind === 'number' ? ', or use `minimum`, `maximum` and `integer`' : ''}.`, true);
      }
      if (field.secret === true) at('CC3050', where('secret'), `Field \`${field.key}\` is a ${kind} field and cannot be secret.`, 'Only text is masked and redacted; use a text field for a secret.', true);
      if (kind === 'boolean' && field.placeholder !== undefined) at('CC3050', where('placeholder'), `Field \`${field.key}\` is a checkbox; it has no placeholder.`, 'Remove `placeholder`; say what the box means in `label` or `description`.', true);
    }
    if (kind !== 'number') {
      for (const key of NUMBER_ONLY_KEYS) {
        if (field[key] !== undefined) at('CC3050', where(key), `Field \`${field.key}\` has \`${key}\` but is not a number field.`, 'Add `type: number`, or remove it.', true);
      }
    }
    for (const key of ['minimum', 'maximum', 'default'] as const) {
      const value = field[key];
      // YAML reads `.inf` and `1e400` as Infinity, which JSON (a form schema, a credentials file) cannot carry.
      if (typeof value === 'number' && !Number.isFinite(value)) at('CC3050', where(key), `The \`${key}\` of \`${field.key}\` is not a finite number.`, 'JSON has no infinite numbers; use a finite bound or leave it out.');
    }
    if (kind === 'number' && field.minimum !== undefined && field.maximum !== undefined && field.minimum > field.maximum) {
      at('CC3050', where('minimum'), `Field \`${field.key}\` has \`minimum\` ${field.minimum}, greater than its \`maximum\` ${field.maximum}.`, 'No value could satisfy both; lower `minimum` or raise `maximum`.');
    }
    if (kind === 'number' && field.integer === true) {
      for (const key of ['minimum', 'maximum'] as const) {
        const bound = field[key];
        if (bound !== undefined && !Number.isInteger(bound)) at('CC3050', where(key), `The \`${key}\` of whole-number field \`${field.key}\` is not a whole number.`, `Use a whole number, such as ${key === 'minimum' ? Math.ceil(bound) : Math.floor(bound)}.`);
      }
    }
    const value = field.default;
    if (value !== undefined) {
      const expected = kind === 'number' ? 'number' : kind === 'boolean' ? 'boolean' : 'string';
      if (typeof value !== expected) {
        at('CC3050', where('default'), `The default of \`${field.key}\` is not ${expected === 'number' ? 'a number' : expected === 'boolean' ? '`true` or `false`' : 'text'}.`, kind === 'number' ? 'Write the number without quotes, e.g. `default: 443`.' : kind === 'boolean' ? 'Write `default: true` or `default: false`, without quotes.' : 'Quote it, e.g. `default: "443"`.');
      } else if (typeof value === 'number') {
        if (field.integer === true && !Number.isInteger(value)) at('CC3050', where('default'), `The default of whole-number field \`${field.key}\` is not a whole number.`, 'Use a whole number, or remove `integer: true`.');
        else if ((field.minimum !== undefined && value < field.minimum) || (field.maximum !== undefined && value > field.maximum)) {
          at('CC3050', where('default'), `The default of \`${field.key}\` is outside its \`minimum\`/\`maximum\`.`, 'A default must be a value the form accepts.');
        }
      }
    }
    if (kind === 'boolean' && field.required !== false && value === undefined) {
      at('CC3050', where('type'), `Required checkbox \`${field.key}\` has no \`default\`.`, 'A form leaves an untouched checkbox unset, which a required field refuses: add `default: false`, or `required: false`.');
    }
  });
  return out;
}

/**
 * CC3051–CC3054: `showWhen` conditions. The condition names another field
 * (CC3051) that every field list holding the conditional field (an auth
 * method's, a connector profile's) also holds; conditions form no cycle
 * (CC3052); `equals` or `in`, not both, with values of the other field's type,
 * and a select's values among its options (CC3053); and a conditional field is
 * not part of the base URL, which needs it whether shown or not (CC3054).
 */
export function checkFieldConditions(spec: RawSpec, context: FieldRuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = report(out, context);
  const byKey = new Map(spec.fields.map((field, index) => [field.key, { field, index }]));
  const allKeys = spec.fields.map((field) => field.key);
  const lists: { name: string; keys: readonly string[] }[] = spec.auth.flatMap((method) => [
    { name: `auth method \`${method.id}\``, keys: method.fields ?? allKeys },
    ...(method.profile !== undefined ? [{ name: `the connector profile of \`${method.id}\``, keys: method.profile.fields }] : []),
  ]);
  const baseUrlKeys = new Set(templateFieldKeys(parseTemplate(spec.api.baseUrl ?? '').template));
  const broken = new Set<string>();
  spec.fields.forEach((field, index) => {
    const condition = field.showWhen;
    if (condition === undefined) return;
    const path: SpecPath = ['fields', index, 'showWhen'];
    const target = byKey.get(condition.field);
    if (condition.field === field.key) {
      broken.add(field.key);
      at('CC3051', [...path, 'field'], `Field \`${field.key}\` is shown only when it has a value itself.`, 'Name another field of the same auth method, or remove `showWhen`.');
    } else if (target === undefined) {
      broken.add(field.key);
      at('CC3051', [...path, 'field'], `The condition of \`${field.key}\` names unknown field \`${condition.field}\`.`, `Name one of ${allKeys.filter((key) => key !== field.key).map((key) => `\`${key}\``).join(', ') || 'the other fields'}.`);
    } else {
      const list = lists.find((l) => l.keys.includes(field.key) && !l.keys.includes(condition.field));
      if (list !== undefined) {
        broken.add(field.key);
        at('CC3051', [...path, 'field'], `The condition of \`${field.key}\` names \`${condition.field}\`, which ${list.name} does not ask for.`, `A condition reads a field of the same form: add \`${condition.field}\` to its \`fields\`, or name another field.`);
      }
    }
    if (condition.equals !== undefined && condition.in !== undefined) {
      at('CC3053', [...path, 'in'], `The condition of \`${field.key}\` has both \`equals\` and \`in\`.`, 'Use `equals` for one value, `in` for several.', true);
    } else if (target !== undefined && condition.field !== field.key) {
      const values = condition.in ?? (condition.equals !== undefined ? [condition.equals] : []);
      const valuePath = (i: number): SpecPath => (condition.in !== undefined ? [...path, 'in', i] : [...path, 'equals']);
      const kind = target.field.type ?? 'text';
      const expected = kind === 'number' ? 'number' : kind === 'boolean' ? 'boolean' : 'string';
      const options = target.field.type === 'select' ? (target.field.options ?? []).map((option) => option.value) : undefined;
      values.forEach((value, i) => {
        if (typeof value !== expected) {
          at('CC3053', valuePath(i), `The condition of \`${field.key}\` compares \`${condition.field}\` with ${typeof value === 'string' ? 'text' : `a ${typeof value}`}, but \`${condition.field}\` is ${expected === 'number' ? 'a number' : expected === 'boolean' ? 'a checkbox (`true` or `false`)' : 'text'}.`, expected === 'string' ? 'Quote the value, e.g. `equals: "1"`.' : 'Write the value without quotes.');
        } else if (options !== undefined && !options.includes(value as string)) {
          at('CC3053', valuePath(i), `The condition of \`${field.key}\` compares \`${condition.field}\` with \`${String(value)}\`, which is not one of its options.`, `Use one of ${options.map((option) => `\`${option}\``).join(', ')}.`);
        }
      });
    }
    if (baseUrlKeys.has(field.key)) {
      at('CC3054', path, `Field \`${field.key}\` is part of the base URL, so it cannot be shown only sometimes.`, 'The client needs it to build the API address whatever the condition: remove `showWhen`, or keep the field out of `api.baseUrl`.', true);
    }
  });
  // Cycles: follow each field's condition chain; a chain that comes back to its start is reported once, at its first field in spec order.
  const reported = new Set<string>();
  spec.fields.forEach((field, index) => {
    if (field.showWhen === undefined || broken.has(field.key) || reported.has(field.key)) return;
    const chain = [field.key];
    let next = field.showWhen.field;
    while (!chain.includes(next)) {
      const entry = byKey.get(next);
      if (entry?.field.showWhen === undefined || broken.has(next)) return;
      chain.push(next);
      next = entry.field.showWhen.field;
    }
    if (next !== field.key) return;
    for (const key of chain) reported.add(key);
    at('CC3052', ['fields', index, 'showWhen', 'field'], `The conditions of ${chain.map((key) => `\`${key}\``).join(', ')} form a cycle: each is shown only when the next has a value.`, 'Break the cycle: one of these fields must be shown unconditionally.');
  });
  return out;
}

/** Reports an error at a spec path (the value's range, or the key's with `key`). */
export function report(out: Diagnostic[], context: FieldRuleContext) {
  return (code: DiagnosticCode, path: SpecPath, message: string, hint: string, key = false) => {
    const range = key ? context.sourceMap.keyRange(path) : context.sourceMap.valueRange(path);
    out.push(diagnostic(code, 'error', message, { file: context.file, ...range, path: toPointer(path) }, hint));
  };
}

function toPointer(path: SpecPath): string {
  return `/${path.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}
