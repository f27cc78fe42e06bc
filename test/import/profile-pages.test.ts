/**
 * `import` reads connector-profile pages (told by their title or description)
 * into the same spec as the connector's link-account pages: the method's
 * `profile.guide`, its fields, and `redirectUrl: true` where the page shows
 * the site's redirect URL. Built again, every page comes back byte for byte.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { DEFAULT_EMIT_OPTIONS, type SiteOptions } from '../../src/emit/emitter.js';
import { importPages, type PageInput } from '../../src/import/import-pages.js';
import { caseSpecs } from '../emit/docs/cases.js';
import { renderedText } from '../helpers/render-equal.js';

const SITE: SiteOptions = { ...DEFAULT_EMIT_OPTIONS.site, oauthRedirectUrl: 'https://api.stackone.com/connect/oauth2/{connector}/callback?method={method}&v=1' };
const LINK = 'guides/link-account/api-key';
const PROFILE = 'guides/connector-profile/oauth2';

/** The docs `build` writes for a spec, by path under `docs/connectors/<id>/`. */
function buildDocs(source: string, file = 'connectors/linear.yaml'): Map<string, string> {
  const result = compile({ specs: [{ file, source }], targets: ['docs'], emit: { site: SITE }, allowIncomplete: true });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const prefix = 'docs/connectors/linear/';
  return new Map([...result.files].filter(([path]) => path.startsWith(prefix)).map(([path, contents]) => [path.slice(prefix.length), contents]));
}

/** Diagnostics as `code line:column message`, without the expected API TODOs. */
function summary(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.filter((d) => d.code !== 'CC3020').map((d) => `${d.code} ${d.file}:${d.line}:${d.column} ${d.message}`);
}

const FIELDS_WARNING = "A connector-profile page does not list the profile's fields; the spec gives `oauth2` the fields `Client ID` and `Client Secret`.";
const original = buildDocs(caseSpecs('oauth2-redirect')[0]!.source);

describe('import of connector-profile pages', () => {
  for (const extension of ['md', 'mdx']) {
    it(`.${extension}: a link-account page and a connector-profile page of one connector make one spec that builds both pages back`, () => {
      // Where `build` writes them, and under the docs export's `<connector>__<method>` names: the page kind comes from the title.
      const layouts: PageInput[][] = [
        [LINK, PROFILE].map((page) => ({ file: `docs/connectors/linear/${page}.${extension}`, source: original.get(`${page}.${extension}`)! })),
        [
          { file: `pages/linear__api-key.${extension}`, source: original.get(`${LINK}.${extension}`)! },
          { file: `pages/linear__oauth2.${extension}`, source: original.get(`${PROFILE}.${extension}`)! },
        ],
      ];
      const specs = layouts.map((pages) => {
        const result = importPages(pages, { site: SITE, allowIncomplete: true });
        expect(summary(result.diagnostics)).toEqual([`CC4003 ${pages[1]!.file}:${extension === 'md' ? 5 : 1}:1 ${FIELDS_WARNING}`]);
        expect(result.specs.map((spec) => [spec.id, spec.pages])).toEqual([['linear', pages.map((page) => page.file)]]);
        return result.specs[0]!.yaml;
      });
      expect(specs[1]).toBe(specs[0]);
      const spec = specs[0]!;
      expect(spec).toContain(
        ['    fields: []', '    # TODO(import): add `oauth2` (authorizationUrl, tokenUrl, scopes).', '    profile:', '      fields: [clientId, clientSecret]', '      guide:', ''].join('\n'),
      );
      expect(spec).toContain(['                  - Under **Callback URLs**, add this redirect URL:', '                redirectUrl: true', ''].join('\n'));
      const rebuilt = buildDocs(spec);
      for (const page of [LINK, PROFILE]) {
        const file = `${page}.${extension}`;
        expect(rebuilt.get(file), file).toBe(original.get(file));
        if (extension === 'mdx') expect(renderedText(rebuilt.get(file)!), file).toBe(renderedText(original.get(file)!));
      }
    });
  }

  it('the .md and .mdx spellings of the pages import to the same spec', () => {
    const imported = ['md', 'mdx'].map(
      (extension) => importPages([LINK, PROFILE].map((page) => ({ file: `docs/connectors/linear/${page}.${extension}`, source: original.get(`${page}.${extension}`)! })), { site: SITE, allowIncomplete: true }).specs[0]!.yaml,
    );
    expect(imported[1]).toBe(imported[0]);
  });

  it('a connector-profile page alone makes an OAuth 2.0 method with nothing for the end user to type', () => {
    const result = importPages([{ file: 'linear__oauth2.md', source: original.get(`${PROFILE}.md`)! }], { site: SITE, allowIncomplete: true });
    expect(summary(result.diagnostics)).toEqual([`CC4003 linear__oauth2.md:5:1 ${FIELDS_WARNING}`]);
    const spec = result.specs[0]!.yaml;
    expect(spec.split('\n').slice(5, 21)).toEqual([
      'fields:',
      '  - key: clientId',
      '    label: Client ID',
      '  - key: clientSecret',
      '    label: Client Secret',
      '    secret: true',
      '',
      'auth:',
      '  - id: oauth2',
      '    type: oauth2',
      '    fields: []',
      '    # TODO(import): add `oauth2` (authorizationUrl, tokenUrl, scopes).',
      '    profile:',
      '      fields: [clientId, clientSecret]',
      '      guide:',
      '        callouts:',
    ]);
    expect(buildDocs(spec).get(`${PROFILE}.md`)).toBe(original.get(`${PROFILE}.md`));
  });

  it('a connector-profile page whose method is not an OAuth 2.0 one is a CC4004 warning at its title, not a silent drop', () => {
    const result = importPages(
      [
        { file: 'docs/connectors/linear/guides/link-account/api-key.mdx', source: original.get(`${LINK}.mdx`)! },
        // The profile page filed under the API-key method, whose link-account page says it is an API key.
        { file: 'docs/connectors/linear/guides/connector-profile/api-key.mdx', source: original.get(`${PROFILE}.mdx`)! },
      ],
      { site: SITE, allowIncomplete: true },
    );
    expect(result.diagnostics.filter((d) => d.code === 'CC4004')).toEqual([
      {
        code: 'CC4004',
        severity: 'warning',
        message:
          'This connector-profile page of `linear` was not imported: its link-account page `docs/connectors/linear/guides/link-account/api-key.mdx` makes `api-key` an `api-key` method, and only OAuth 2.0 methods have a connector profile.',
        file: 'docs/connectors/linear/guides/connector-profile/api-key.mdx',
        line: 1,
        column: 1,
        hint: 'Name the page after its OAuth 2.0 method, e.g. `hive__oauth2.md` or `connectors/hive/guides/connector-profile/oauth2.md`, or add the profile to the spec by hand.',
      },
    ]);
    expect(result.specs.map((spec) => spec.pages)).toEqual([['docs/connectors/linear/guides/link-account/api-key.mdx']]);
    expect(result.specs[0]!.yaml).not.toContain('profile:');
  });

  it('a second connector-profile page for the same method is reported and not imported', () => {
    const source = original.get(`${PROFILE}.md`)!;
    const result = importPages(
      [
        { file: 'a/linear__oauth2.md', source },
        { file: 'b/linear__oauth2.md', source },
      ],
      { site: SITE, allowIncomplete: true },
    );
    expect(summary(result.diagnostics)).toEqual([
      `CC4003 a/linear__oauth2.md:5:1 ${FIELDS_WARNING}`,
      'CC4001 b/linear__oauth2.md:5:1 `a/linear__oauth2.md` already describes the connector profile of `oauth2` of `linear`; this page was not imported.',
    ]);
    expect(result.specs.map((spec) => spec.pages)).toEqual([['a/linear__oauth2.md']]);
  });

  it('without the site setting, a page that shows a redirect URL still imports, and the rebuild says what is missing', () => {
    const result = importPages([{ file: 'linear__oauth2.md', source: original.get(`${PROFILE}.md`)! }], { allowIncomplete: true });
    expect(result.specs[0]!.yaml).toContain('                redirectUrl: true\n');
    expect(summary(result.diagnostics.filter((d) => d.code === 'CC3060'))).toEqual([
      'CC3060 connectors/linear.yaml:39:30 Step `Describe the application` of the `oauth2` connector profile shows the OAuth redirect URL, but the config sets no `site.oauthRedirectUrl`.',
    ]);
  });
});

describe('import of a connector-profile page with a linking block', () => {
  it('reports the block it skips', () => {
    const link = original.get(`${LINK}.md`)!;
    const linking = link.slice(link.indexOf('<div data-whitelabel-hide>'));
    const result = importPages([{ file: 'linear__oauth2.md', source: `${original.get(`${PROFILE}.md`)!}\n${linking}` }], { site: SITE, allowIncomplete: true });
    expect(summary(result.diagnostics).filter((line) => line.startsWith('CC4001 linear__oauth2.md:1:1'))).toEqual([
      'CC4001 linear__oauth2.md:1:1 A connector-profile page has no "Linking the Account from the Hub" block; this one was skipped.',
    ]);
    expect(result.specs[0]!.yaml).not.toContain('linking');
  });
});
