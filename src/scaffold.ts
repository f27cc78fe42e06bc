/**
 * The spec `connector-compiler new` writes. Also what a watch session compiles,
 * unseen, to warm the compiler up before the first real change.
 */
/** YAML double-quoted scalar; JSON string syntax is valid YAML and escapes everything that matters. */
function q(text: string): string {
  return JSON.stringify(text);
}

/** The scaffold: every line a user has to touch is marked TODO; it validates as written, with a CC3029 warning per TODO left in a value. */
export function scaffoldSpec(id: string, name: string, schemaRef: string): string {
  const host = `${id.replace(/-/g, '')}.example.com`;
  return `# yaml-language-server: $schema=${schemaRef}
# Connector spec for ${name.replace(/[^\x20-\x7e\u00a0-\uffff]/g, '')}. It validates as it is (a warning per TODO left in a value); replace every TODO with the real
# values, then run \`connector-compiler validate\` and \`connector-compiler build\`.
specVersion: 1
# Kebab-case; must equal the file name.
id: ${id}
name: ${q(name)}
website: https://${host} # TODO: the provider's public website
category: other # TODO: kebab-case category, e.g. crm, hris, ats
description: ${q(`TODO: one line about what ${name} does.`)}

# Credential fields the end user fills in, in form order. Keys are lowerCamelCase.
fields:
  - key: apiKey
    label: API Key
    description: ${q(`TODO: where the user finds the key in ${name}, e.g. "Settings → API".`)}
    secret: true # masked in forms, redacted in logs and errors
    # pattern: ^key_[A-Za-z0-9]+$   # optional regex the value must match
    # patternMessage: must start with key_

# Authentication methods; each gets its own form schema and guide page.
auth:
  - id: api-key
    type: api-key # api-key | basic | oauth2
    # Where the credentials go on every request: bearer, header, query or basic.
    apply:
      - type: bearer
        value: "{apiKey}"
    guide:
      sections:
        - heading: ${q(`Generate your ${name} API key`)}
          intro: ${q(`TODO: one or two sentences on what the user will do in ${name}.`)}
          steps:
            # Step bodies are Markdown: **bold**, [links](https://…), lists,
            # images as ![alt](https://…){width=1280 height=800}, and > [!NOTE] callouts.
            - title: ${q(`Sign in to ${name}`)}
              body: |
                TODO: Go to [the dashboard](https://${host}) and sign in.
            - title: Create an API key
              body: |
                TODO: Open **Settings** and click **Create API key**.
            - title: Copy the key
              body: |
                Copy the key and paste it into the **API Key** field of the connection form.

api:
  baseUrl: https://api.${host} # TODO: the API's base URL; may use {fieldKey} placeholders
  # Operations become methods of the generated client.
  operations:
    - id: getCurrentUser
      summary: Get the authenticated user # TODO: an operation that exists
      method: GET
      path: /me
      response:
        schema:
          type: object
          properties:
            id: { type: string }
`;
}

/**
 * `new --package`: the `package.json` of a package that owns connector specs
 * and exposes what they generate to the other packages of a monorepo:
 * ESM (`"type": "module"`), an `exports` map for the clients (ready-to-run
 * `.js` with `.d.ts`), the form schemas and the guide pages, a `build` script,
 * and the compiler as a dev dependency only (the runtime is emitted beside the
 * clients, see `scaffoldConfig`). docs/monorepo.md explains each key.
 */
export function scaffoldPackageJson(name: string, compilerVersion: string): string {
  const manifest = {
    name,
    version: '0.0.0',
    private: true,
    type: 'module',
    exports: {
      './clients': { types: './generated/clients/index.d.ts', default: './generated/clients/index.js' },
      './clients/*': { types: './generated/clients/*.d.ts', default: './generated/clients/*.js' },
      './forms/*': './generated/forms/*',
      './docs/*': './generated/docs/*',
    },
    scripts: { build: 'connector-compiler build', check: 'connector-compiler build --check' },
    devDependencies: { 'connector-compiler': `^${compilerVersion}` },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** `new --package`: the config that goes with `scaffoldPackageJson` — `.js` + `.d.ts` clients with the runtime beside them. */
export function scaffoldConfig(): string {
  return `${JSON.stringify({ clientFormat: 'js', runtime: 'local' }, null, 2)}\n`;
}

/**
 * `new --package`: what formatters and git leave alone. A formatter that
 * rewrites a generated file makes the next build refuse it as a hand edit
 * (CC5002), so the output directory is not theirs to format; the cache is
 * machine-local and never committed.
 */
export function scaffoldIgnoreFiles(): readonly (readonly [name: string, contents: string])[] {
  return [
    ['.prettierignore', '# Written by connector-compiler: formatting it would look like a hand edit (CC5002).\ngenerated/\n.connector-compiler-cache/\n'],
    ['.gitignore', '# connector-compiler\'s machine-local build cache; generated/ itself is committed.\n.connector-compiler-cache/\n'],
  ];
}
