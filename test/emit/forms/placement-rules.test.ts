/**
 * The spec rules that make a field's role rules sufficient (CC3031): each
 * base URL field fills one whole slot, so the URL the client builds from
 * values the rules accept is the URL the spec describes.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOAD_LIMITS, parseSpecText } from '../../../src/load/read-spec.js';
import { compileSpecs, createCompileContext } from '../../../src/pipeline/compile-spec.js';

const context = createCompileContext();

function spec(baseUrl: string): string {
  return `specVersion: 1
id: acme
name: Acme
fields:
  - key: a
    label: A
  - key: b
    label: B
auth:
  - id: api-key
    type: api-key
    apply:
      - type: basic
        username: "{a}"
        password: "{b}"
api:
  baseUrl: ${JSON.stringify(baseUrl)}
  operations:
    - id: me
      method: GET
      path: /me
`;
}

function problems(baseUrl: string): [string, string, number][] {
  const { diagnostics } = compileSpecs([parseSpecText('acme.yaml', spec(baseUrl), DEFAULT_LOAD_LIMITS)], context);
  return diagnostics.map((d) => [d.code, d.message, d.column]);
}

describe('base URL fields fill one whole slot', () => {
  it.each([
    'https://{a}/v1/{b}',
    'https://{a}:{b}/v1',
    'https://{a}.{b}.example.com',
    'https://{a}.example.com/v-{b}',
    'https://api.example.com/{a}/{b}.json',
  ])('%s is accepted', (baseUrl) => {
    expect(problems(baseUrl)).toEqual([]);
  });

  it.each([
    ['https://api.example.com/{a}{b}', 'Field `a` shares its path segment with another field, so together they could make a `..` segment.', 37],
    ['https://api.example.com/.{a}', 'Field `a` shares its path segment with dots only, so together they could make a `..` segment.', 38],
    ['https://x{a}.example.com', "Field `a` must fill one whole label of the base URL's host, with the domain after it written out.", 22],
    ['https://{a}{b}.example.com', "Field `a` must fill one whole label of the base URL's host, with the domain after it written out.", 21],
    ['https://api.{a}', "Field `a` must fill one whole label of the base URL's host, with the domain after it written out.", 25],
    ['https://{a}:8{b}', 'Field `b` must be the whole port of the base URL.', 26],
  ])('%s is refused', (baseUrl, message, column) => {
    expect(problems(baseUrl).filter(([code]) => code === 'CC3031')[0]).toEqual(['CC3031', message, column]);
  });
});
