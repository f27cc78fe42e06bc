/**
 * `site.oauthRedirectUrl`: an http(s) URL in the config, checked like the
 * other site keys, and carried into the emit options the docs emitter reads.
 */
import { describe, expect, it } from 'vitest';
import { checkConfig, configToSettings } from '../../src/config/config-file.js';

const locate = (keyPath: readonly string[]) => ({ line: keyPath.length, column: 1 });
const noMatch = () => undefined;

describe('config: site.oauthRedirectUrl', () => {
  it('an http(s) URL is kept and reaches the emit options', () => {
    const url = 'https://hub.example.com/oauth/{connector}/callback';
    const { config, diagnostics } = checkConfig({ site: { oauthRedirectUrl: url } }, 'c.json', locate, noMatch);
    expect(diagnostics).toEqual([]);
    expect(configToSettings(config, '/project').emit).toEqual({ site: { oauthRedirectUrl: url } });
  });

  it('anything else is CC5003 at the key, and is dropped', () => {
    const { config, diagnostics } = checkConfig({ site: { oauthRedirectUrl: 'hub.example.com/callback', platformName: 'Acme Hub' } }, 'c.json', locate, noMatch);
    expect(config).toEqual({ site: { platformName: 'Acme Hub' } });
    expect(diagnostics).toEqual([
      { code: 'CC5003', severity: 'error', message: 'Config key `site.oauthRedirectUrl` must be an http(s) URL.', file: 'c.json', line: 2, column: 1, path: '/site/oauthRedirectUrl' },
    ]);
  });
});
