import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSpecText } from '../../src/load/read-spec.js';
import { expandBaseUrl } from '../../src/runtime/url.js';
import { compileSpecs, createCompileContext } from '../../src/pipeline/compile-spec.js';

/**
 * The docs (spec-format.md, clients.md) say a field may give the base URL's
 * port, as in `https://{host}:{port}/api`; validation used to refuse that as
 * not a URL (CC3021). The port slot takes digits only, up to 65535, so it
 * cannot move the request to another host.
 */
const SMALL = readFileSync(fileURLToPath(new URL('../hardening/fixtures/small.yaml', import.meta.url)), 'utf8');
const context = createCompileContext();

function withBaseUrl(baseUrl: string) {
  // A base URL field is required and asked for by every method that lists its fields (CC3031, CC3002).
  const source = SMALL.replace(/^ {2}baseUrl: .*$/m, `  baseUrl: ${baseUrl}`)
    .replace('  - key: region\n', '  - key: port\n    label: Port\n  - key: region\n')
    .replace('fields: [apiKey, region]', 'fields: [apiKey, region, port]');
  return compileSpecs([parseSpecText('small.yaml', source)], context);
}

describe('a port from a field in the base URL', () => {
  it('validates, and the client takes only a port number there', () => {
    const result = withBaseUrl('https://{region}.small.example:{port}/api');
    expect(result.diagnostics).toEqual([]);
    const parts = result.models[0]!.api.baseUrl.parts;
    const labels = { region: 'Region', port: 'Port' };
    expect(expandBaseUrl(parts, { values: { region: 'acme', port: '8443' }, labels })).toEqual({ url: 'https://acme.small.example:8443/api' });
    for (const port of ['1@evil.example', '99999', '80/x', 'x']) {
      expect(expandBaseUrl(parts, { values: { region: 'acme', port }, labels })).toEqual({ problems: [{ key: 'port', code: 'format', message: 'Port must be a port number.' }] });
    }
  });

  it('after a literal host too; a port field followed by letters is still not a URL', () => {
    expect(withBaseUrl('https://api.small.example:{port}').diagnostics).toEqual([]);
    expect(withBaseUrl('https://api.small.example:{port}x/api').diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['CC3021', 'Base URL `https://api.small.example:{port}x/api` is not an absolute http(s) URL.'],
      ['CC3031', 'Field `port` must be the whole port of the base URL.'],
    ]);
  });
});
