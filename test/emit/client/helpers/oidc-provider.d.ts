/**
 * The part of `oidc-provider` (v8, which ships no types) that
 * `oidc-server.ts` uses. Only the test helper imports it.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  interface KoaContext {
    readonly path: string;
    readonly method: string;
    readonly req: IncomingMessage;
    readonly res: ServerResponse;
    readonly oidc?: { readonly params?: { readonly grant_type?: unknown; readonly refresh_token?: unknown } };
    get(name: string): string;
    status: number;
    body: unknown;
    respond: boolean;
  }
  type Middleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

  interface Token {
    readonly accountId?: string;
    readonly clientId?: string;
    readonly scope?: string;
    isExpired: boolean;
    destroy(): Promise<void>;
  }

  class Grant {
    constructor(init: { accountId: string; clientId: string });
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  }

  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    readonly Grant: typeof Grant;
    readonly AccessToken: { find(value: string): Promise<Token | undefined> };
    readonly ClientCredentials: { find(value: string): Promise<Token | undefined> };
    use(middleware: Middleware): void;
    callback(): (request: IncomingMessage, response: ServerResponse) => void;
    interactionDetails(request: IncomingMessage, response: ServerResponse): Promise<{ readonly uid: string; readonly params: { readonly client_id: string; readonly scope?: string } }>;
    interactionFinished(request: IncomingMessage, response: ServerResponse, result: Record<string, unknown>, options?: { mergeWithLastSubmission?: boolean }): Promise<void>;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }
}

declare module 'oidc-provider/lib/adapters/memory_adapter.js' {
  export default class MemoryAdapter {
    constructor(model: string);
  }
}
