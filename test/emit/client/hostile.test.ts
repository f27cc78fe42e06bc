/**
 * The hostile fixture: spec text written to break out of strings, comments
 * and identifiers. Loading the generated client must run no spec text, and
 * the client must still send exactly what the spec says.
 */
import { describe, expect, it } from 'vitest';

const pwned = () => (globalThis as { pwned?: unknown }).pwned;

describe('a client generated from hostile spec text', () => {
  it('loads without running any of it', async () => {
    const module = await import('../../fixtures/clients/hostile/expected/clients/evil-co.js');
    expect(pwned()).toBeUndefined();
    expect(Object.keys(module).sort()).toEqual(['EvilCoClient', 'createEvilCoClient']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('sends reserved-word operations, odd names and `__proto__` parameters as plain data', async () => {
    const { createEvilCoClient } = await import('../../fixtures/clients/hostile/expected/clients/evil-co.js');
    const seen: { url: string; headers: Record<string, string>; body: string | undefined }[] = [];
    const fetch = async (url: string, init: RequestInit) => {
      seen.push({ url, headers: Object.fromEntries(new Headers(init.headers)), body: init.body as string | undefined });
      return new Response('{}', { status: 200 });
    };
    const client = createEvilCoClient({ class: 'top-secret-1', new: 'c', delete: 'd d' }, { fetch });
    // A computed key makes an own `__proto__` property, as a parameter object from JSON would have.
    await client.delete({ id: '"; x', ['__proto__']: 'p', $where: '1' });
    await client.new({ body: { '*/': 'a', '"': '*/', constructor: 1, class: 'c' } });
    await client.in({ default: 'd', function: 'f' });
    await expect(client.verify()).resolves.toEqual({ ok: true, status: 200 });
    expect(seen.map((s) => s.url)).toEqual([
      "https://api.evil.example.com/v1/things/%22%3B%20x?__proto__=p&%24where=1&x*%27%60%7C%7E=d+d",
      "https://api.evil.example.com/v1/new?x*%27%60%7C%7E=d+d",
      "https://api.evil.example.com/v1/in/d?x*%27%60%7C%7E=d+d",
      "https://api.evil.example.com/v1/things/%22%3B%20globalThis.pwned%20%3D%2013%3B%20%22?__proto__%5Bpolluted%5D=true&x*%27%60%7C%7E=d+d",
    ]);
    expect(seen[0]!.headers['x-key']).toBe('k=top-secret-1;"*/c');
    expect(seen[0]!.headers['x-note']).toBe('*/ "; globalThis.pwned = 11; " `${globalThis.pwned = 12}`');
    expect(seen[1]!.body).toBe('{"*/":"a","\\"":"*/","constructor":1,"class":"c"}');
    expect(seen[2]!.headers['function']).toBe('f');
    expect(pwned()).toBeUndefined();
    expect(String(client)).not.toContain('top-secret-1');
  });
});
