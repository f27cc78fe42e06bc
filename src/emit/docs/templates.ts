import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { didYouMean } from '../../diagnostics/suggest.js';
import { bareUrl, escapeAttribute, escapeLine, escapeText, escapeUrl, yamlString } from './escape.js';
import { Html } from './page-data.js';
import { indentLines } from './render-blocks.js';
import { SpecText, SpecTextPrintedError } from './spec-text.js';

/** The page templates the docs emitter renders; every other `*.hbs` file is a partial. */
export const PAGE_TEMPLATES = ['guide.mdx.hbs', 'guide.md.hbs', 'profile.mdx.hbs', 'profile.md.hbs', 'overview.mdx.hbs', 'overview.md.hbs', 'llms.txt.hbs'] as const;
export type PageTemplate = (typeof PAGE_TEMPLATES)[number];

/** The built-in templates shipped in the package's `templates/` (three levels up from `src|dist/emit/docs/`). */
export const BUILT_IN_TEMPLATES_DIR = fileURLToPath(new URL('../../../templates/', import.meta.url));

interface TemplateSource {
  readonly name: string;
  /** Shown in diagnostics: the user's path for overrides, `templates/<name>` for built-ins. */
  readonly file: string;
  readonly source: string;
}

/** Compiled templates of one build, with what went wrong while loading them. */
export interface TemplateSet {
  /** Renders a page; a failure becomes a CC5004 diagnostic instead of an exception. */
  render(name: PageTemplate, context: object, subject: string): { readonly output?: string; readonly diagnostic?: Diagnostic };
  /** Problems found while loading (missing directory, syntax errors, unknown page templates). */
  readonly diagnostics: readonly Diagnostic[];
  /** False when a template failed to load; pages are then not rendered. */
  readonly ok: boolean;
}

/**
 * Loads the built-in templates, lays the user's `templatesDir` over them
 * (by file name), and compiles each once in an isolated Handlebars
 * environment in strict mode.
 */
export function loadTemplates(templatesDir: string | undefined): TemplateSet {
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, TemplateSource>();
  for (const source of readTemplateDir(BUILT_IN_TEMPLATES_DIR, (name) => `templates/${name}`, diagnostics)) sources.set(source.name, source);
  const builtInNames = [...sources.keys()];
  if (templatesDir !== undefined) {
    if (!existsSync(templatesDir) || !statSync(templatesDir).isDirectory()) {
      diagnostics.push(
        diagnostic('CC5004', 'error', `Template directory \`${templatesDir}\` does not exist.`, { file: templatesDir }, 'Point `templatesDir` at a directory of `.hbs` files named like the built-in ones (see docs/guide-pages.md).'),
      );
    } else {
      for (const source of readTemplateDir(templatesDir, (name) => join(templatesDir, name), diagnostics)) {
        // A user file named like a page but unknown is most likely a typo: it would silently never be used.
        if (!sources.has(source.name) && isPageName(source.name)) {
          const hint = didYouMean(source.name, builtInNames) ?? `Page templates are ${PAGE_TEMPLATES.map((n) => `\`${n}\``).join(', ')}.`;
          diagnostics.push(diagnostic('CC5004', 'warning', `Template \`${source.name}\` is not a page the docs emitter renders, so it is never used.`, { file: source.file }, hint));
        }
        sources.set(source.name, source);
      }
    }
  }

  const env = createEnvironment();
  const compiled = new Map<string, HandlebarsTemplateDelegate>();
  for (const source of sources.values()) {
    let ast: hbs.AST.Program;
    try {
      ast = env.parse(source.source);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const line = /line (\d+)/.exec(message)?.[1];
      const hint = /got 'EOF'/.test(message) ? 'Check that every `{{#block}}` is closed by a matching `{{/block}}`.' : undefined;
      diagnostics.push(diagnostic('CC5004', 'error', `Template \`${source.name}\` has a syntax error: ${message.split('\n').pop()}`, { file: source.file, line: line ? Number(line) : 1 }, hint));
      continue;
    }
    const template = withOrigin(env.compile(ast, { strict: true }), { name: source.name, file: source.file });
    compiled.set(source.name, template);
    if (!isPageName(source.name)) env.registerPartial(source.name.slice(0, -'.hbs'.length), template);
  }
  const ok = !diagnostics.some((d) => d.severity === 'error') && PAGE_TEMPLATES.every((name) => compiled.has(name));

  return {
    diagnostics,
    ok,
    render(name, context, subject) {
      const template = compiled.get(name);
      if (!template) return {};
      try {
        return { output: normalizeOutput(template(context)) };
      } catch (error) {
        return { diagnostic: renderFailure(subject, error) };
      }
    },
  };
}

function isPageName(name: string): boolean {
  return name.slice(0, -'.hbs'.length).includes('.');
}

/** The `*.hbs` files of a directory, sorted; unreadable ones become diagnostics. */
function readTemplateDir(dir: string, display: (name: string) => string, diagnostics: Diagnostic[]): TemplateSource[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.hbs')).sort();
  } catch (error) {
    diagnostics.push(diagnostic('CC5004', 'error', `Template directory \`${dir}\` cannot be read: ${errorText(error)}`, { file: dir }));
    return [];
  }
  return names.flatMap((name) => {
    try {
      return [{ name, file: display(name), source: readFileSync(join(dir, name), 'utf8').replace(/\r\n?/g, '\n') }];
    } catch (error) {
      diagnostics.push(diagnostic('CC5004', 'error', `Template \`${name}\` cannot be read: ${errorText(error)}`, { file: display(name) }));
      return [];
    }
  });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** LF endings and exactly one final newline, whatever the template did. */
function normalizeOutput(output: string): string {
  const text = output.includes('\r') ? output.replace(/\r\n?/g, '\n') : output;
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 10) end--;
  return end === text.length - 1 ? text : `${text.slice(0, end)}\n`;
}

/** Which template an error was thrown in: the innermost one, set as the error passes through. */
const ORIGIN = Symbol('template');
interface Origin {
  readonly name: string;
  readonly file: string;
}

/** Marks errors thrown while this template (not a partial it includes) runs with its name and file. */
function withOrigin(template: HandlebarsTemplateDelegate, origin: Origin): HandlebarsTemplateDelegate {
  return (context: unknown, options?: Handlebars.RuntimeOptions) => {
    try {
      return template(context, options);
    } catch (error) {
      if (typeof error === 'object' && error !== null && !(ORIGIN in error)) Object.defineProperty(error, ORIGIN, { value: origin });
      throw error;
    }
  };
}

function renderFailure(subject: string, error: unknown): Diagnostic {
  const origin = (error as { [ORIGIN]?: Origin } | null)?.[ORIGIN];
  const where: { file: string; line?: number; column?: number } = { file: origin?.file ?? 'templates' };
  let reason = error instanceof Error ? error.message : String(error);
  if (error instanceof Handlebars.Exception) {
    const located = error as Handlebars.Exception & { lineNumber?: number; column?: number };
    if (typeof located.lineNumber === 'number') where.line = located.lineNumber;
    if (typeof located.column === 'number') where.column = located.column + 1;
    reason = reason.replace(/ in \[object Object\]/, '').replace(/ - \d+:\d+$/, '');
  }
  const hint = error instanceof SpecTextPrintedError ? undefined : 'The data each template receives is listed in docs/guide-pages.md.';
  return diagnostic('CC5004', 'error', `Template \`${origin?.name ?? '?'}\` failed while rendering ${subject}: ${reason}`, where, hint);
}

interface HelperOptions {
  readonly loc?: { readonly start: { readonly line: number; readonly column: number } };
}

/** A helper misuse, located at the mustache that called the helper. */
function helperError(options: unknown, message: string): Error {
  const loc = (options as HelperOptions | undefined)?.loc;
  return loc ? new Handlebars.Exception(message, { loc } as unknown as hbs.AST.Node) : new Error(message);
}

/** The text of a helper argument: spec text, or a literal/number written in the template. */
function textOf(helper: string, value: unknown, options: unknown): string {
  if (value instanceof SpecText) return value.value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Html) return value.html;
  const got = value === undefined ? 'nothing (is the field name right? the data is listed in docs/guide-pages.md)' : value === null ? 'null' : typeof value;
  throw helperError(options, `{{${helper}}} expects text, got ${got}`);
}

/** Splits Handlebars' helper arguments into values and its options object (always last). */
function argsOf(helper: string, args: unknown[], count: number): { values: unknown[]; options: unknown } {
  const options = args[args.length - 1];
  const values = args.slice(0, -1);
  if (values.length !== count) throw helperError(options, `{{${helper}}} takes ${count} argument${count === 1 ? '' : 's'}, got ${values.length}`);
  return { values, options };
}

/** An isolated Handlebars environment with the escaping helpers; nothing leaks into the global one. */
function createEnvironment(): typeof Handlebars {
  const env = Handlebars.create();
  const safe = (text: string) => new env.SafeString(text);
  const escaper = (name: string, escape: (text: string) => string) =>
    function (this: unknown, ...args: unknown[]) {
      const { values, options } = argsOf(name, args, 1);
      return safe(escape(textOf(name, values[0], options)));
    };
  env.registerHelper('text', escaper('text', escapeText));
  env.registerHelper('line', escaper('line', escapeLine));
  env.registerHelper('attr', escaper('attr', escapeAttribute));
  env.registerHelper('yaml', escaper('yaml', yamlString));
  env.registerHelper('url', escaper('url', escapeUrl));
  env.registerHelper('bareUrl', escaper('bareUrl', bareUrl));
  env.registerHelper('indent', function (this: unknown, ...args: unknown[]) {
    const { values, options } = argsOf('indent', args, 2);
    const [value, width] = values;
    if (!(value instanceof Html)) throw helperError(options, '{{indent}} shifts prerendered markup (`body`, `intro`, `html`); use {{text}} for spec text');
    if (typeof width !== 'number' || !Number.isInteger(width) || width < 0) throw helperError(options, '{{indent}} expects a whole number of spaces as its second argument');
    return safe(indentLines(value.html, width, true));
  });
  env.registerHelper('eq', function (this: unknown, ...args: unknown[]) {
    const [a, b] = argsOf('eq', args, 2).values;
    const plain = (v: unknown) => (v instanceof SpecText ? v.value : v);
    return plain(a) === plain(b);
  });
  return env;
}
