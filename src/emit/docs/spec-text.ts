/**
 * Spec text on its way into a template. Printing it with a bare `{{x}}` or
 * `{{{x}}}` throws, so text can reach a page only through an escaping helper
 * for its target (`{{text x}}`, `{{attr x}}`, `{{yaml x}}`, `{{line x}}`…).
 * That makes "no unescaped spec text" true by construction, for user
 * templates too.
 */
export class SpecText {
  constructor(readonly value: string) {}

  /** Handlebars calls this for `{{x}}`. */
  toHTML(): never {
    throw new SpecTextPrintedError(this.value);
  }

  /** Handlebars concatenates for `{{{x}}}`. */
  toString(): never {
    throw new SpecTextPrintedError(this.value);
  }

  toJSON(): string {
    return this.value;
  }
}

export class SpecTextPrintedError extends Error {
  constructor(value: string) {
    const preview = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    super(
      `spec text ${JSON.stringify(preview)} was printed without an escaping helper; write {{text x}} (page text), {{line x}} (after \`# \` or \`> \`), {{attr x}} (inside "…"), {{yaml x}} (frontmatter) or {{url x}} (link destination)`,
    );
    this.name = 'SpecTextPrintedError';
  }
}

/** Wraps a defined string; `undefined` stays `undefined` so `{{#if}}` works. */
export function specText(value: string): SpecText;
export function specText(value: string | undefined): SpecText | undefined;
export function specText(value: string | undefined): SpecText | undefined {
  return value === undefined ? undefined : new SpecText(value);
}
