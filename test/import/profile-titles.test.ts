import { describe, expect, it } from 'vitest';
import { matchProfileDescription, matchProfileTitle } from '../../src/import/profile-titles.js';

describe('telling a connector-profile page by its title or description', () => {
  it('splits the name from the method label, names with spaces included', () => {
    expect(matchProfileTitle('Linear OAuth 2.0 connector profile – StackOne setup guide', 'StackOne')).toEqual({ name: 'Linear', method: 'OAuth 2.0' });
    expect(matchProfileTitle('Google Drive OAuth 2.0 connector profile – StackOne setup guide', 'StackOne')).toEqual({ name: 'Google Drive', method: 'OAuth 2.0' });
    expect(matchProfileTitle('Acme Corp OAuth App connector profile – Acme setup guide', 'Acme')).toEqual({ name: 'Acme Corp', method: 'OAuth App' });
  });

  it('reads the description, whose name appears twice', () => {
    expect(
      matchProfileDescription('Set up the OAuth 2.0 connector profile for Google Drive in StackOne. One-time admin setup required before your users can link Google Drive accounts via Hub.', 'StackOne'),
    ).toEqual({ name: 'Google Drive', method: 'OAuth 2.0' });
  });

  it('is no match for another company, a link-account title or other wording', () => {
    expect(matchProfileTitle('Linear OAuth 2.0 connector profile – StackOne setup guide', 'Acme')).toBeUndefined();
    expect(matchProfileTitle('Connect Linear with OAuth 2.0 – StackOne Hub', 'StackOne')).toBeUndefined();
    expect(matchProfileTitle(' connector profile – StackOne setup guide', 'StackOne')).toBeUndefined();
    expect(matchProfileDescription('Set up the OAuth 2.0 connector profile for Linear in StackOne. One-time admin setup required before your users can link Jira accounts via Hub.', 'StackOne')).toBeUndefined();
  });
});
