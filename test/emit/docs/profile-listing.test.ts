/**
 * llms.txt and each connector's overview page list the connector-profile
 * pages: in llms.txt right after the method's link-account page (or alone,
 * when the method has none), on the overview as the method's "admin setup
 * first" link. A profile without a guide has no page and is not listed.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../../src/compile.js';

const OAUTH2 = `
    oauth2:
      authorizationUrl: https://auth.example.com/authorize
      tokenUrl: https://auth.example.com/token`;
const GUIDE = (heading: string) => `
      sections:
        - heading: ${heading}
          steps:
            - title: Do it
              body: Do it.`;

const ACME = `specVersion: 1
id: acme
name: Acme
fields:
  - { key: apiKey, label: API Key, secret: true }
  - { key: clientId, label: Client ID }
  - { key: clientSecret, label: Client Secret, secret: true }
auth:
  - id: api-key
    type: api-key
    fields: [apiKey]
    apply: [{ type: bearer, value: "{apiKey}" }]
    guide:${GUIDE('Get a key')}
  - id: oauth2
    type: oauth2
    fields: []${OAUTH2}
    profile:
      fields: [clientId, clientSecret]
      guide:${GUIDE('Create the app').replace(/\n/g, '\n  ')}
    guide:${GUIDE('Link the account')}
  - id: oauth-app
    type: oauth2
    label: OAuth App
    fields: []${OAUTH2}
    profile:
      fields: [clientId]
api:
  baseUrl: https://api.example.com
  operations: [{ id: me, method: GET, path: /me }]
`;

const BETA = `specVersion: 1
id: beta
name: Beta
fields:
  - { key: clientId, label: Client ID }
auth:
  - id: oauth2
    type: oauth2
    fields: []${OAUTH2}
    profile:
      fields: [clientId]
      guide:${GUIDE('Create the app').replace(/\n/g, '\n  ')}
api:
  baseUrl: https://api.example.com
  operations: [{ id: me, method: GET, path: /me }]
`;

const { files, diagnostics } = compile({
  specs: [
    { file: 'connectors/beta.yaml', source: BETA },
    { file: 'connectors/acme.yaml', source: ACME },
  ],
  targets: ['docs'],
});

describe('connector-profile pages in llms.txt and on the overview', () => {
  it('compiles without diagnostics, one profile page per profile guide', () => {
    expect(diagnostics).toEqual([]);
    expect([...files.keys()].filter((file) => file.includes('/connector-profile/'))).toEqual([
      'docs/connectors/acme/guides/connector-profile/oauth2.md',
      'docs/connectors/acme/guides/connector-profile/oauth2.mdx',
      'docs/connectors/beta/guides/connector-profile/oauth2.md',
      'docs/connectors/beta/guides/connector-profile/oauth2.mdx',
    ]);
  });

  it('llms.txt lists each profile page after its method\'s link-account page', () => {
    expect(files.get('docs/llms.txt')!.split('\n').slice(4)).toEqual([
      '## Acme',
      '',
      '- [Acme – StackOne Hub](https://docs.stackone.com/connectors/acme.md): Link a Acme account in the StackOne Hub: the authentication methods and the credentials each one needs.',
      '- [Connect Acme with API Key – StackOne Hub](https://docs.stackone.com/connectors/acme/guides/link-account/api-key.md): Link a Acme account in the StackOne Hub using API Key. End-user guide to authorize the integration and start using Acme actions.',
      '- [Connect Acme with OAuth 2.0 – StackOne Hub](https://docs.stackone.com/connectors/acme/guides/link-account/oauth2.md): Link a Acme account in the StackOne Hub using OAuth 2.0. End-user guide to authorize the integration and start using Acme actions.',
      '- [Acme OAuth 2.0 connector profile – StackOne setup guide](https://docs.stackone.com/connectors/acme/guides/connector-profile/oauth2.md): Set up the OAuth 2.0 connector profile for Acme in StackOne. One-time admin setup required before your users can link Acme accounts via Hub.',
      '',
      '## Beta',
      '',
      '- [Beta – StackOne Hub](https://docs.stackone.com/connectors/beta.md): Link a Beta account in the StackOne Hub: the authentication methods and the credentials each one needs.',
      '- [Beta OAuth 2.0 connector profile – StackOne setup guide](https://docs.stackone.com/connectors/beta/guides/connector-profile/oauth2.md): Set up the OAuth 2.0 connector profile for Beta in StackOne. One-time admin setup required before your users can link Beta accounts via Hub.',
      '',
    ]);
  });

  it('the overview links each profile page from its method, in .mdx and .md alike', () => {
    // The items of the "Link an account" list.
    const methodLines = (file: string) => {
      const lines = files.get(file)!.split('\n');
      return lines.slice(lines.indexOf('## Link an account'), lines.indexOf('## Credentials')).filter((line) => line.startsWith('  <li>'));
    };
    for (const extension of ['mdx', 'md']) {
      expect(methodLines(`docs/connectors/acme/index.${extension}`)).toEqual([
        '  <li><a href="/connectors/acme/guides/link-account/api-key">API Key</a>: needs <strong>API Key</strong></li>',
        '  <li><a href="/connectors/acme/guides/link-account/oauth2">OAuth 2.0</a> (admin setup first: <a href="/connectors/acme/guides/connector-profile/oauth2">connector profile</a>)</li>',
        '  <li>OAuth App</li>',
      ]);
      expect(methodLines(`docs/connectors/beta/index.${extension}`)).toEqual(['  <li>OAuth 2.0 (admin setup first: <a href="/connectors/beta/guides/connector-profile/oauth2">connector profile</a>)</li>']);
    }
  });
});
