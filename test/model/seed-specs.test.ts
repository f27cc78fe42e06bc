import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSpecs } from '../../src/load/load-specs.js';
import type { ConnectorModel, GuideModel } from '../../src/model/connector-model.js';
import { compileSpecs } from '../../src/pipeline/compile-spec.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { expectFile } from '../helpers/golden.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GOLDEN = fileURLToPath(new URL('../foundation/seed-models/', import.meta.url));
const SEEDS = ['apollo', 'clayhr', 'datadog', 'hive', 'linear', 'polymer'];

let models: readonly ConnectorModel[] = [];
let diagnostics: readonly Diagnostic[] = [];

beforeAll(async () => {
  const loaded = await loadSpecs(['connectors'], { cwd: ROOT });
  const validated = compileSpecs(loaded.specs);
  models = validated.models;
  diagnostics = [...loaded.diagnostics, ...validated.diagnostics];
});

function model(id: string): ConnectorModel {
  const found = models.find((m) => m.id === id);
  if (!found) throw new Error(`no model for ${id}`);
  return found;
}

function guide(id: string): GuideModel {
  const found = model(id).authMethods[0]?.guide;
  if (!found) throw new Error(`no guide for ${id}`);
  return found;
}

describe('the seed specs', () => {
  it('load and validate with no diagnostic at all', () => {
    expect(diagnostics).toEqual([]);
    expect(models.map((m) => m.id)).toEqual(SEEDS);
    expect(models.map((m) => m.sourceFile)).toEqual(SEEDS.map((id) => `connectors/${id}.yaml`));
  });

  // The intermediate tree is golden too: any change to the model of a seed is deliberate (`vitest -u`).
  for (const id of SEEDS) {
    it(`${id}: model matches test/foundation/seed-models/${id}.model.json`, async () => {
      await expectFile(`${JSON.stringify(model(id), null, 2)}\n`, path.join(GOLDEN, `${id}.model.json`));
    });
  }

  it('models are plain JSON (no class instances, undefined values or cycles)', () => {
    for (const m of models) expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  });

  it('Polymer: one bearer key, secret, linking block shown even when white-labelled', () => {
    const polymer = model('polymer');
    expect(polymer.fields).toEqual([{ key: 'apiKey', label: 'API Key', description: 'Generated under App settings → Your API key. It is shown only once.', required: true, secret: true }]);
    expect(polymer.authMethods[0]!.placements).toEqual([{ type: 'bearer', value: { raw: '{apiKey}', parts: [{ type: 'field', key: 'apiKey' }] } }]);
    expect(guide('polymer').linking).toEqual({ hideWhenWhitelabelled: false });
    expect(guide('polymer').callouts.map((c) => c.kind)).toEqual(['warning']);
    // Each step ends with a sized screenshot carrying its docs-repo path.
    const firstStep = guide('polymer').sections[0]!.steps[0]!;
    expect(firstStep.body[1]).toMatchObject({ type: 'image', image: { width: 1280, height: 800, dataPath: 'connectors/polymer/images/custom-config-sign-in.png' } });
  });

  it('Hive: API key in the `api_key` header, user id in the `user_id` query parameter; verify is `GET /testcredentials`', () => {
    const hive = model('hive');
    expect(hive.authMethods[0]!.placements).toEqual([
      { type: 'header', name: 'api_key', value: { raw: '{apiKey}', parts: [{ type: 'field', key: 'apiKey' }] } },
      { type: 'query', name: 'user_id', value: { raw: '{userId}', parts: [{ type: 'field', key: 'userId' }] } },
    ]);
    expect(hive.fields.map((f) => [f.key, f.secret])).toEqual([
      ['apiKey', true],
      ['userId', false],
    ]);
    const verify = hive.api.operations.find((o) => o.id === hive.api.verify?.operationId)!;
    expect([verify.method, verify.path]).toEqual(['GET', '/testcredentials']);
  });

  it('Linear: key pattern with its message', () => {
    const key = model('linear').fields.find((f) => f.key === 'apiKey')!;
    expect([key.pattern, key.patternMessage]).toEqual(['^lin_api_[A-Za-z0-9]+$', 'must start with lin_api_']);
  });

  it('ClayHR: base URL on <company>.clayhr.net/rm, credentials in one JSON `Authorization` header, verify is `GET /user/list`', () => {
    const clayhr = model('clayhr');
    expect(clayhr.api.baseUrl).toEqual({
      raw: 'https://{subdomain}.clayhr.net/rm',
      parts: [
        { type: 'text', value: 'https://' },
        { type: 'field', key: 'subdomain' },
        { type: 'text', value: '.clayhr.net/rm' },
      ],
    });
    expect(clayhr.authMethods[0]!.placements).toEqual([
      {
        type: 'json-header',
        name: 'Authorization',
        members: [
          { name: 'userId', value: { raw: '{userId}', parts: [{ type: 'field', key: 'userId' }] }, as: 'number' },
          { name: 'apiKey', value: { raw: '{apiKey}', parts: [{ type: 'field', key: 'apiKey' }] }, as: 'string' },
        ],
      },
    ]);
    expect(clayhr.api.headers).toEqual([
      { name: 'Accept', value: 'application/json' },
      { name: 'Content-Type', value: 'application/json' },
    ]);
    expect(clayhr.fields.map((f) => f.key)).toEqual(['subdomain', 'apiKey', 'userId']);
    expect(clayhr.api.operations.map((o) => [o.id, o.method, o.path])).toEqual([['listUsers', 'GET', '/user/list']]);
    expect(clayhr.api.verify?.operationId).toBe('listUsers');
  });

  it('Apollo: verify is `GET /auth/health` expecting `is_logged_in: true`; the domain filter is `q_organization_domains_list[]`', () => {
    const apollo = model('apollo');
    expect(apollo.api.verify).toEqual({
      operationId: 'authHealth',
      arguments: {},
      description: 'Apollo\'s health check, which reports whether the key is logged in; it consumes no credits.',
      expect: [{ pointer: '/is_logged_in', equals: true }],
      failWhen: [],
    });
    const health = apollo.api.operations.find((o) => o.id === 'authHealth')!;
    expect([health.method, health.path]).toEqual(['GET', '/auth/health']);
    const search = apollo.api.operations.find((o) => o.id === 'searchPeople')!;
    expect([search.method, search.path]).toEqual(['POST', '/mixed_people/api_search']);
    expect(search.parameters.map((p) => [p.in, p.name])).toEqual([
      ['query', 'q_keywords'],
      ['query', 'person_titles[]'],
      ['query', 'person_locations[]'],
      ['query', 'q_organization_domains_list[]'],
      ['query', 'page'],
      ['query', 'per_page'],
    ]);
    expect(apollo.authMethods[0]!.placements).toEqual([{ type: 'header', name: 'X-Api-Key', value: { raw: '{apiKey}', parts: [{ type: 'field', key: 'apiKey' }] } }]);
  });

  it('Linear: verify treats a GraphQL `errors` list as refused credentials', () => {
    expect(model('linear').api.verify?.failWhen).toEqual([{ pointer: '/errors', present: true }]);
  });

  it('Polymer: applications under `/job_applications`, candidates by import, documented statuses and paging', () => {
    const polymer = model('polymer');
    expect(polymer.api.docs).toBe('https://developer.polymer.co');
    expect(polymer.api.operations.map((o) => [o.id, o.method, o.path])).toEqual([
      ['listJobs', 'GET', '/jobs'],
      ['getJob', 'GET', '/jobs/{jobId}'],
      ['listJobApplications', 'GET', '/job_applications'],
      ['importJobApplication', 'POST', '/job_applications/import'],
    ]);
    const listJobs = polymer.api.operations[0]!;
    expect(listJobs.parameters.map((p) => [p.name, p.schema])).toEqual([
      ['page', { type: 'integer', minimum: 1 }],
      ['per_page', { type: 'integer', minimum: 1, maximum: 100 }],
      ['status', { type: 'string', enum: ['published', 'draft', 'archived', 'public'] }],
    ]);
  });

  it('every verify request names an operation of its own connector, and defaults are applied', () => {
    for (const m of models) {
      const ids = m.api.operations.map((o) => o.id);
      if (m.api.verify) expect(ids).toContain(m.api.verify.operationId);
      for (const operation of m.api.operations) {
        // Defaults to true for GET; Apollo marks its search POST idempotent on purpose.
        if (operation.method === 'GET') expect(operation.idempotent).toBe(true);
        for (const parameter of operation.parameters) if (parameter.in === 'path') expect(parameter.required).toBe(true);
      }
    }
  });
});
