/**
 * Type tests: wrong parameters are compile errors. Each `@ts-expect-error`
 * line must fail to type-check (tsc reports an unused one), and the suite
 * runs tsc over this file (see golden.test.ts) as well as `npm run typecheck`.
 * The calls sit in functions that never run: only the types matter here.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { CallOptions, ClientOptions, VerifyResult } from 'connector-compiler/runtime';
import { createClayHRClient } from '../../fixtures/clients/seeds/expected/clients/clayhr.js';
import { createHiveClient, type HiveCreateActionBody, type HiveListProjectsParams, type HiveListWorkspacesResponse } from '../../fixtures/clients/seeds/expected/clients/hive.js';
import { createLinearClient } from '../../fixtures/clients/seeds/expected/clients/linear.js';
import { createPolymerClient, PolymerClient, type PolymerListJobsResponse } from '../../fixtures/clients/seeds/expected/clients/polymer.js';
import { createWorkbenchClient, type WorkbenchGetContactResponse, type WorkbenchUpdateContactBody } from '../../fixtures/clients/multi-auth/expected/clients/workbench.js';

// Constructing makes no request; the calls below never run.
const hive = createHiveClient({ apiKey: 'k', userId: 'u' });
const polymer: PolymerClient = createPolymerClient({ apiKey: 'k' });

describe('generated client types', () => {
  it('types credentials per auth method', () => {
    expectTypeOf(createHiveClient).parameter(0).toEqualTypeOf<{ readonly apiKey: string; readonly userId: string }>();
    expectTypeOf(createHiveClient).parameter(1).toEqualTypeOf<ClientOptions | undefined>();
    const never = () => {
      // @ts-expect-error userId is required
      createHiveClient({ apiKey: 'k' });
      // @ts-expect-error unknown credential field
      createPolymerClient({ apiKey: 'k', token: 't' });
      // @ts-expect-error credentials are strings
      createLinearClient({ apiKey: 42 });
      // @ts-expect-error the subdomain is part of ClayHR's credentials
      createClayHRClient({ apiKey: 'k', userId: 'u' });
      // @ts-expect-error several methods: the method id comes first
      createWorkbenchClient({ region: 'eu1', username: 'u', password: 'p', tenant: 't' });
      // @ts-expect-error the credentials must match the chosen method
      createWorkbenchClient('basic', { region: 'eu1', tenant: 't', apiKey: 'k' });
      // @ts-expect-error no such auth method
      createWorkbenchClient('token', { region: 'eu1' });
      createWorkbenchClient('basic', { region: 'eu1', username: 'u', password: 'p', tenant: 't' });
      createWorkbenchClient('oauth2', { region: 'eu1', tenant: 't', clientId: 'c', clientSecret: 's', accessToken: 'a' });
      createWorkbenchClient('api-key', { region: 'eu1', tenant: 't', apiKey: 'k' });
    };
    void never;
  });

  it('types path, query and body parameters', () => {
    expectTypeOf(hive.listProjects).parameter(0).toEqualTypeOf<HiveListProjectsParams>();
    expectTypeOf<HiveCreateActionBody['priority']>().toEqualTypeOf<'low' | 'medium' | 'high' | 'urgent' | undefined>();
    expectTypeOf(hive.listProjects).parameter(1).toEqualTypeOf<CallOptions | undefined>();
    const never = () => {
      // @ts-expect-error the path parameter is required
      void hive.listProjects({});
      // @ts-expect-error a path parameter is a string here
      void hive.listProjects({ workspaceId: 1 });
      // @ts-expect-error unknown parameter
      void hive.listProjects({ workspaceId: 'w', limit: 5 });
      // @ts-expect-error operations without parameters take none
      void hive.listWorkspaces({ page: 1 });
      // @ts-expect-error enum values are a union
      void polymer.listJobs({ status: 'closed' });
      // @ts-expect-error integers are numbers
      void polymer.listJobs({ page: '2' });
      // @ts-expect-error the body is required
      void hive.createAction({});
      // @ts-expect-error the body's required properties are required
      void hive.createAction({ body: { title: 'no workspace' } });
      // @ts-expect-error nested array items are typed
      void hive.createAction({ body: { workspace: 'w', title: 't', assignees: [1] } });
      // @ts-expect-error additionalProperties: false means no extra keys
      const body: WorkbenchUpdateContactBody = { name: 'n', extra: true };
      void body;
      void hive.listWorkspaces();
      void polymer.listJobs();
      void polymer.listJobs({ page: 2, per_page: 10, status: 'draft' }, { timeout: 1_000, retries: 0, signal: AbortSignal.timeout(5) });
    };
    void never;
  });

  it('types responses', () => {
    expectTypeOf(hive.listWorkspaces).returns.toEqualTypeOf<Promise<HiveListWorkspacesResponse>>();
    expectTypeOf<HiveListWorkspacesResponse>().toEqualTypeOf<Array<{ id: string; name: string }>>();
    expectTypeOf<NonNullable<PolymerListJobsResponse['items']>[number]['location']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<WorkbenchGetContactResponse['owner']>().toEqualTypeOf<{ type: 'user'; userId: string } | { type: 'team'; teamId: number } | undefined>();
    expectTypeOf<WorkbenchGetContactResponse['tier']>().toEqualTypeOf<1 | 2 | 3 | null | undefined>();
    expectTypeOf(hive.verify).returns.toEqualTypeOf<Promise<VerifyResult>>();
  });
});
