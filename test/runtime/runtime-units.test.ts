/**
 * The runtime's pure parts: base URL templates (no host injection), path
 * and query encoding, Retry-After parsing, backoff, retryable statuses.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor, encodingsOf } from '../../src/runtime/redact.js';
import { backoffDelay, isRetryableStatus, parseRetryAfter } from '../../src/runtime/retry.js';
import { appendQuery, checkPathValue, expandBaseUrl, expandPath } from '../../src/runtime/url.js';
import type { TemplatePart } from '../../src/runtime/description.js';
import { fcOptions } from '../helpers/fast-check.js';

const text = (value: string): TemplatePart => ({ type: 'text', value });
const field = (key: string): TemplatePart => ({ type: 'field', key });
const labels = { sub: 'Subdomain', host: 'Host', port: 'Port', tenant: 'Tenant' };
const expand = (parts: TemplatePart[], values: Record<string, string>) => expandBaseUrl(parts, { values, labels });

describe('expandBaseUrl', () => {
  const clay = [text('https://'), field('sub'), text('.clayhr.com/api/v1')];

  it('fills a subdomain label, lower-cased', () => {
    expect(expand(clay, { sub: 'Acme-1' })).toEqual({ url: 'https://acme-1.clayhr.com/api/v1' });
  });

  it.each([
    ['evil.com/', 'format'],
    ['evil.com', 'format'],
    ['a@evil.com', 'format'],
    ['evil.com#', 'format'],
    ['evil.com?', 'format'],
    ['acme:8080', 'format'],
    ['..', 'format'],
    ['.', 'format'],
    ['-acme', 'format'],
    ['acme-', 'format'],
    ['a'.repeat(64), 'format'],
    ['ac me', 'format'],
    ['аcme', 'format'], // Cyrillic а: no IDN tricks
    ['%2e%2e', 'format'],
    ['acme\\evil.com', 'format'],
    ['', 'missing'],
  ])('refuses %j as a subdomain (%s)', (value, code) => {
    const result = expand(clay, { sub: value });
    expect(result).toEqual({
      problems: [
        {
          key: 'sub',
          code,
          message: code === 'missing' ? 'Subdomain is required to build the API address.' : 'Subdomain must be a single host name label (letters, digits and hyphens) to be part of the API address.',
        },
      ],
    });
  });

  it('never yields a URL on another host, whatever the value (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.string({ unit: fc.constantFrom('a', 'Z', '0', '-', '.', '/', '@', ':', '?', '#', '%', '\\', ' ', 'é'), maxLength: 12 })), (value) => {
        const result = expand(clay, { sub: value });
        if ('url' in result) {
          const url = new URL(result.url);
          expect(url.hostname).toBe(`${value.toLowerCase()}.clayhr.com`);
          expect(url.hostname.split('.')).toHaveLength(3);
          expect([url.username, url.password, url.port, url.search, url.hash, url.pathname]).toEqual(['', '', '', '', '', '/api/v1']);
        }
      }),
      fcOptions(1000),
    );
  });

  it('takes a whole host name when the field is the whole host, and a port after a colon', () => {
    const parts = [text('https://'), field('host'), text(':'), field('port'), text('/rest')];
    expect(expand(parts, { host: 'jira.example.com', port: '8443' })).toEqual({ url: 'https://jira.example.com:8443/rest' });
    expect(expand(parts, { host: 'jira.example.com', port: '443' })).toEqual({ url: 'https://jira.example.com:443/rest' });
    expect(expand(parts, { host: 'jira.example.com/x', port: '1' })).toMatchObject({ problems: [{ key: 'host', code: 'format' }] });
    expect(expand(parts, { host: 'jira.example.com', port: '99999' })).toMatchObject({ problems: [{ key: 'port', code: 'format' }] });
    expect(expand(parts, { host: 'user@jira.example.com', port: '1' })).toMatchObject({ problems: [{ key: 'host', code: 'format' }] });
  });

  it('percent-encodes a field in the path and refuses dot segments', () => {
    const parts = [text('https://api.example.com/v2/'), field('tenant')];
    expect(expand(parts, { tenant: 'acme/../admin?x#y' })).toEqual({ url: 'https://api.example.com/v2/acme%2F..%2Fadmin%3Fx%23y' });
    expect(expand(parts, { tenant: '..' })).toMatchObject({ problems: [{ key: 'tenant', code: 'format' }] });
    expect(expand(parts, { tenant: '' })).toMatchObject({ problems: [{ key: 'tenant', code: 'missing' }] });
  });
});

describe('paths and queries', () => {
  it('encodes path values as one segment and refuses empty and dot segments', () => {
    expect(expandPath([{ type: 'text', value: '/users/' }, { type: 'param', key: 'id' }, { type: 'text', value: '/x' }], new Map([['id', 'a b/c?d']]))).toBe('/users/a%20b%2Fc%3Fd/x');
    expect([checkPathValue(''), checkPathValue('.'), checkPathValue('..'), checkPathValue('...')]).toEqual(['cannot be empty', 'cannot be `.` or `..`', 'cannot be `.` or `..`', undefined]);
  });

  it('takes `__proto__` as a key like any other', () => {
    expect(expandPath([{ type: 'text', value: '/t/' }, { type: 'param', key: '__proto__' }], new Map([['__proto__', 'p']]))).toBe('/t/p');
  });

  it('refuses lone surrogates, which encodeURIComponent cannot encode, and accepts pairs (property)', () => {
    const lone = 'contains a lone UTF-16 surrogate, which cannot be sent in a URL';
    expect([checkPathValue('a\uD800'), checkPathValue('\uDC00b'), checkPathValue('\uDC00\uD800'), checkPathValue('😀')]).toEqual([lone, lone, lone, undefined]);
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.constantFrom('a', '/', '.', '%'), fc.integer({ min: 0xd7ff, max: 0xe000 }).map((c) => String.fromCharCode(c)), fc.constant('😀')), maxLength: 6 }), (value) => {
        if (checkPathValue(value) === undefined) expect(() => expandPath([{ type: 'param', key: 'v' }], new Map([['v', value]]))).not.toThrow();
        else expect(checkPathValue(value)).toMatch(/^(?:cannot be empty|cannot be `\.` or `\.\.`|contains a lone UTF-16 surrogate, which cannot be sent in a URL)$/);
      }),
    );
  });

  it('repeats arrays, brackets objects, skips null and undefined', () => {
    const search = new URLSearchParams();
    appendQuery(search, 'tag', ['a', 'b']);
    appendQuery(search, 'filter', { status: 'open', owner: { id: 7 } });
    appendQuery(search, 'skip', null);
    appendQuery(search, 'skip2', undefined);
    appendQuery(search, 'on', false);
    expect(search.toString()).toBe('tag=a&tag=b&filter%5Bstatus%5D=open&filter%5Bowner%5D%5Bid%5D=7&on=false');
  });
});

describe('retry timing', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it('reads Retry-After as seconds or an HTTP-date', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('Wednesday, 01-Jan-25 00:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Wed Jan  1 00:00:07 2025', now)).toBe(7_000);
    expect([parseRetryAfter(null, now), parseRetryAfter('soon', now), parseRetryAfter('-1', now), parseRetryAfter('1.5', now), parseRetryAfter('2025-01-01', now)]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('uses full jitter under an exponential, capped ceiling', () => {
    const backoff = { initialDelay: 100, maxDelay: 1_000 };
    expect([0, 1, 2, 3, 4, 10].map((retry) => backoffDelay(retry, backoff, () => 0.999999))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffDelay(3, backoff, () => 0)).toBe(0);
    expect(backoffDelay(0, undefined, () => 0.5)).toBe(250);
    fc.assert(
      fc.property(fc.nat(50), fc.double({ min: 0, max: 1, noNaN: true }), (retry, r) => {
        const delay = backoffDelay(retry, backoff, () => r);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(Math.min(1_000, 100 * 2 ** retry));
      }),
    );
  });

  it('retries 408, 429 and 5xx except 501 and 505', () => {
    const retryable = [200, 301, 400, 401, 403, 404, 408, 409, 429, 500, 501, 502, 503, 504, 505, 599].filter(isRetryableStatus);
    expect(retryable).toEqual([408, 429, 500, 502, 503, 504, 599]);
  });
});

describe('the redactor', () => {
  const unit = fc.constantFrom(...'aZ09 ~\'()!/+=%"\\é😀\n'.split(''));
  /** Secrets carry `¤`, which the surrounding text never does, so "unchanged" and "gone" are both exact. */
  const secret = fc.tuple(fc.string({ unit, minLength: 2, maxLength: 8 }), fc.string({ unit, minLength: 1, maxLength: 8 })).map(([a, b]) => `${a}¤${b}`);
  const around = fc.string({ unit, maxLength: 12 });
  // Every UTF-16 code unit as \uXXXX, as JSON.stringify's most cautious callers write (an astral character is two escapes).
  const escapeAll = (text: string) => text.split('').map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');

  it('leaves text without any credential form unchanged (property)', () => {
    fc.assert(
      fc.property(secret, around, (value, text) => {
        const redactor = createRedactor({ values: [value], named: [['X-Api-Key', value]], always: [] });
        expect(redactor.text(text)).toBe(text);
        expect(redactor.text(JSON.stringify(text))).toBe(JSON.stringify(text));
      }),
    );
  });

  it('removes every encoding, as is, JSON-escaped, with \\/ and \\uXXXX, one or two levels deep (property)', () => {
    fc.assert(
      fc.property(secret, around, around, fc.constantFrom(...[0, 1, 2, 3, 4]), (value, before, after, which) => {
        const redactor = createRedactor({ values: [value], named: [], always: [] });
        const encoding = encodingsOf(value)[which % encodingsOf(value).length]!;
        const once = JSON.stringify(`${before}${encoding}${after}`);
        const forms = [`${before}${encoding}${after}`, once, once.replaceAll('/', '\\/'), JSON.stringify(once), `"${escapeAll(encoding)}"`];
        for (const form of forms) {
          const out = redactor.text(form);
          expect(out).toContain('[REDACTED]');
          expect(out).not.toContain('¤');
          expect(out).not.toMatch(/\\u00a4|%C2%A4|%c2%a4/i);
        }
        expect(JSON.stringify(redactor.json(JSON.parse(once)))).not.toContain('¤');
      }),
    );
  });

  it('redacts a short value after its name only, and a property named like it whole', () => {
    const redactor = createRedactor({ values: ['ab'], named: [['X-Api-Key', 'ab'], ['api_key', 'a b']], always: [] });
    expect(redactor.text('about x-api-key: ab, X-API-KEY=ab; "x-api-key":"ab" ?api_key=a+b&api_key=a%20b')).toBe(
      'about x-api-key: [REDACTED], X-API-KEY=[REDACTED]; "x-api-key":"[REDACTED]" ?api_key=[REDACTED]&api_key=[REDACTED]',
    );
    expect(redactor.json({ 'x-api-key': 'key ab', other: 'ab', api_key: 'ok' })).toEqual({ 'x-api-key': '[REDACTED]', other: 'ab', api_key: 'ok' });
  });
});
