import fc from 'fast-check';

/**
 * Pieces near every construct and every shortcut trigger: block starts,
 * inline openers, GFM triggers written plainly, through escapes and through
 * character references, and the whitespace and control characters the
 * plain-text test must refuse.
 */
export const PIECES = [
  '\\', '`', '```', '*', '**', '_', '__', '~', '~~', '~~~', '[', ']', '[^', '[^a]', '[^a]: ', '![', '(', ')', '[a](b)', '![a](b)', '[a]', '[a]: b', '[ ]', '[x]', '[X] ',
  '<', '>', '<a>', '</a>', '<!-- c -->', '<https://x.co>', '&', '&amp;', '&#64;', '&commat;', '&#119;', '&#x3A;', '&#10;', '&#0;', '&lt', '#', '# ', '### ', '!', '|', '| a |', '|-|',
  ':', ':-', '-:', ':-:', '/', '//', '://', '.', ',', ';', '?', "'", '"', '{', '}', '^', '$', '%', '=', '===', '-', '- ', '---', '+', '+ ', '1. ', '1) ', '2.', '10',
  'www', 'www.', 'WwW.', 'ww', 'w', 'http', 'HTTP', 'https://', 'http://x.co', 'https://a.b/c?d=e', 'www.x.com', 'a@b.co', 'x.y@z.org', 'mailto:', 'xmpp:', '@', 'h', 't', 'p', 's',
  '\n', '\n\n', '\r', '\r\n', '\t', ' ', '  ', '    ', '\u0000', '\u000B', '\u000C', '\u007F', '\uFEFF', '\u00A0', '\u2028', '\uFFFD', '\uD800', '\u0301',
  'a', 'b', 'x', 'Z', 'snake_case', 'Open the dashboard', '0', '9', 'é', 'ß', 'λ', '中文', '—', '⚠️', '👍🏽',
];

export const pieces = fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }).map((parts) => parts.join(''));

/** Mostly text the shortcut accepts, now and then with one character it must refuse. */
const PLAIN_CHARACTERS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.;:/()\'"?$%^{}=+-', 'é', '中', '👍', '\u00A0', '\u2028', '\uD800'];
const MARKDOWN_CHARACTERS = [...'\\`*_[]!<>&~|#@\t\n\r', '\u0000', '\uFEFF', '://', 'www.', 'WWW.', '  '];
export const nearlyPlain = fc
  .tuple(
    fc.array(fc.constantFrom(...PLAIN_CHARACTERS), { minLength: 1, maxLength: 40 }),
    fc.option(fc.tuple(fc.nat(), fc.constantFrom(...MARKDOWN_CHARACTERS)), { freq: 3 }),
  )
  .map(([characters, insert]) => {
    if (!insert) return characters.join('');
    const at = insert[0] % (characters.length + 1);
    return [...characters.slice(0, at), insert[1], ...characters.slice(at)].join('');
  });
