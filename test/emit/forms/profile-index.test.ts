/**
 * `forms/index.json` lists the admin form of every connector profile beside
 * the end-user credentials forms, each entry saying which of the two it is.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileForms, FIXTURES, readSpecDir, SEED_SPECS } from './helpers.js';

const OAUTH_SPECS = readSpecDir(path.join(FIXTURES, 'oauth2/input'));
// Linear with an OAuth 2.0 profile, beside a shipped connector without one.
const MIXED = [...SEED_SPECS.filter((spec) => spec.file.endsWith('/apollo.yaml')), ...OAUTH_SPECS];

function indexOf(files: ReadonlyMap<string, string>): { $comment: string; forms: Record<string, unknown>[] } {
  return JSON.parse(files.get('forms/index.json')!) as { $comment: string; forms: Record<string, unknown>[] };
}

describe('forms/index.json and connector profiles', () => {
  it("lists each method's credentials form, then its profile's admin form", () => {
    const { forms } = indexOf(compileForms(OAUTH_SPECS).files);
    expect(forms).toEqual([
      { connector: 'linear', name: 'Linear', method: 'api-key', type: 'api-key', label: 'API Key', form: 'credentials', title: 'Connect Linear — API Key', fields: ['apiKey'], schema: 'linear.api-key.schema.json', uiSchema: 'linear.api-key.ui.json' },
      { connector: 'linear', name: 'Linear', method: 'oauth2', type: 'oauth2', label: 'OAuth 2.0', form: 'credentials', title: 'Connect Linear — OAuth 2.0', fields: [], schema: 'linear.oauth2.schema.json', uiSchema: 'linear.oauth2.ui.json' },
      { connector: 'linear', name: 'Linear', method: 'oauth2', type: 'oauth2', label: 'OAuth 2.0', form: 'profile', title: 'Linear OAuth 2.0 connector profile', fields: ['clientId', 'clientSecret'], schema: 'linear.oauth2.profile.schema.json', uiSchema: 'linear.oauth2.profile.ui.json' },
    ]);
  });

  it('lists every schema and UI schema the build writes, exactly once, and no other file', () => {
    const { files } = compileForms(MIXED);
    const listed = indexOf(files).forms.flatMap((entry) => [`forms/${String(entry.schema)}`, `forms/${String(entry.uiSchema)}`]);
    const written = [...files.keys()].filter((file) => file !== 'forms/index.json');
    expect([...listed].sort()).toEqual([...written].sort());
    expect(new Set(listed).size).toBe(listed.length);
  });

  it('is the same whatever order the specs come in', () => {
    expect(compileForms([...MIXED].reverse()).files.get('forms/index.json')).toBe(compileForms(MIXED).files.get('forms/index.json'));
  });
});
