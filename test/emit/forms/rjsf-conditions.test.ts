/**
 * What react-jsonschema-form itself does with the field-kinds form
 * (test/fixtures/forms/field-kinds): it resolves the schema's `if`/`then`
 * against the form data, so a conditional field is marked required exactly
 * while its condition holds; it renders every field (the `showWhen` hint in
 * `ui:options` is for the app to act on, docs/forms.md); a number gets a
 * number input and a boolean a checkbox.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import Form from '@rjsf/core';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, rjsfValidator } from './helpers.js';

const expected = path.join(FIXTURES, 'field-kinds/expected/forms');
const schema = JSON.parse(readFileSync(path.join(expected, 'fieldwork.api-key.schema.json'), 'utf8')) as object;
const uiSchema = JSON.parse(readFileSync(path.join(expected, 'fieldwork.api-key.ui.json'), 'utf8')) as object;

function render(formData: object): string {
  return renderToStaticMarkup(createElement(Form as never, { schema, uiSchema, validator: rjsfValidator(), formData }));
}

/** The ids of the fields whose label carries rjsf's required marker. */
function markedRequired(html: string): string[] {
  return [...html.matchAll(/<label class="control-label" for="root_([A-Za-z0-9]+)">[^<]*<span class="required">\*<\/span>/g)].map((match) => match[1]!);
}

describe('react-jsonschema-form and conditional fields', () => {
  it('marks a conditional field required only while its condition holds', () => {
    expect(markedRequired(render({ region: 'us', sandbox: false }))).toEqual(['region', 'port', 'apiKey', 'userId']);
    expect(markedRequired(render({ region: 'eu', sandbox: true, tenant: 'acme' }))).toEqual(['region', 'port', 'apiKey', 'residencyKey', 'userId', 'sandboxToken', 'workspace']);
  });

  it('renders every field, a number input for numbers and a checkbox for the boolean', () => {
    const html = render({});
    expect([...html.matchAll(/ id="root_([A-Za-z0-9]+)"/g)].map((match) => match[1]!)).toEqual([
      'region', 'port', 'apiKey', 'residencyKey', 'userId', 'rateLimit', 'sandbox', 'sandboxToken', 'tenant', 'workspace',
    ]);
    expect([...html.matchAll(/<input[^>]* id="root_(port|userId|rateLimit|sandbox)"[^>]*>/g)].map((match) => [match[1], /type="(\w+)"/.exec(match[0])?.[1]])).toEqual([
      ['port', 'number'],
      ['userId', 'number'],
      ['rateLimit', 'number'],
      ['sandbox', 'checkbox'],
    ]);
  });
});
