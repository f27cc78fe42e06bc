/**
 * Synthesizes realistic connector specs for the benchmark: ~3 credential
 * fields, ~10 operations with parameters and response shapes, and a guide of
 * 2 sections × 3 steps with links, lists and an image — about the size of the
 * seed specs. Deterministic: spec `i` is always the same text.
 */
/**
 * The i-th synthetic spec. A non-zero `variant` edits it the way a user
 * might: `rename` puts the variant in the connector's name (which every
 * index file shows, so they all change too); `wording` puts it in one guide
 * step's title (only that connector's own files change).
 */
export function synthSpec(i: number, variant = 0, edit: 'rename' | 'wording' = 'rename'): string {
  const id = `bench-${String(i).padStart(5, '0')}`;
  const name = `Bench Service ${i}${variant && edit === 'rename' ? ` v${variant}` : ''}`;
  const revision = variant && edit === 'wording' ? ` (revision ${variant})` : '';
  const host = `svc${i}.example.com`;
  const operations = [
    ['listUsers', 'GET', '/users'],
    ['getUser', 'GET', '/users/{userId}'],
    ['createUser', 'POST', '/users'],
    ['updateUser', 'PATCH', '/users/{userId}'],
    ['deleteUser', 'DELETE', '/users/{userId}'],
    ['listProjects', 'GET', '/projects'],
    ['getProject', 'GET', '/projects/{projectId}'],
    ['createProject', 'POST', '/projects'],
    ['listTasks', 'GET', '/projects/{projectId}/tasks'],
    ['createTask', 'POST', '/projects/{projectId}/tasks'],
  ] as const;
  const ops = operations
    .map(([opId, method, path]) => {
      const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => `        - name: ${m[1]}\n          in: path\n          schema: { type: string }`);
      if (method === 'GET' && !path.includes('{')) params.push('        - name: page\n          in: query\n          schema: { type: integer, minimum: 1 }', '        - name: per_page\n          in: query\n          schema: { type: integer, minimum: 1, maximum: 100 }');
      const body =
        method === 'POST' || method === 'PATCH'
          ? `      body:\n        schema:\n          type: object\n          required: [name]\n          properties:\n            name: { type: string }\n            description: { type: string }\n            tags: { type: array, items: { type: string } }\n`
          : '';
      return `    - id: ${opId}
      summary: ${opId.replace(/([A-Z])/g, ' $1').toLowerCase()} in ${name}
      method: ${method}
      path: ${path}
${params.length > 0 ? `      parameters:\n${params.join('\n')}\n` : ''}${body}      response:
        schema:
          type: object
          properties:
            id: { type: string }
            name: { type: string }
            created_at: { type: string, format: date-time }
            status: { type: string, enum: [active, archived] }`;
    })
    .join('\n');
  const step = (s: number, t: number) => `            - title: Step ${t} of section ${s}${s === 1 && t === 1 ? revision : ''}
              body: |
                Open [the ${name} dashboard](https://app.${host}/settings/${s}/${t}) and click **Settings**, then **API**.

                - Select the **Developer** tab.
                - Click **Create token** and give it a name such as \`StackOne\`.

                ![${name} settings page, step ${t}.](https://cdn.example.com/${id}/step-${s}-${t}.png){width=1280 height=800}`;
  const section = (s: number) => `        - heading: Section ${s} for ${name}
          intro: In this section you will configure ${name} so that StackOne can connect to it.
          steps:
${[1, 2, 3].map((t) => step(s, t)).join('\n')}`;
  return `specVersion: 1
id: ${id}
name: ${name}
website: https://${host}
category: crm
description: ${name} is a synthetic connector used to benchmark the compiler.

fields:
  - key: apiKey
    label: API Key
    description: Created under Settings → API in ${name}.
    secret: true
  - key: subdomain
    label: Subdomain
    description: The first part of your ${name} URL.
    pattern: ^[a-z0-9-]+$
    patternMessage: must contain only lowercase letters, digits and dashes
  - key: accountId
    label: Account ID
    description: Shown under Settings → Account.
    required: false

auth:
  - id: api-key
    type: api-key
    apply:
      - type: bearer
        value: "{apiKey}"
      - type: header
        name: X-Account-Id
        value: "{accountId}"
    guide:
      sections:
${[1, 2].map(section).join('\n')}

api:
  baseUrl: https://{subdomain}.${host}/api/v2
  docs: https://docs.${host}
  operations:
${ops}
`;
}

export function synthId(i: number): string {
  return `bench-${String(i).padStart(5, '0')}`;
}
