import { compareStrings, diagnostic, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { companyName, DEFAULT_GUIDE_DESCRIPTION, DEFAULT_GUIDE_TITLE, DEFAULT_PROFILE_DESCRIPTION, DEFAULT_PROFILE_TITLE, fillPlaceholders, type GuideKind } from '../emit/docs/page-data.js';
import { matchProfileDescription, matchProfileTitle } from './profile-titles.js';
import { DEFAULT_EMIT_OPTIONS, type SiteOptions } from '../emit/emitter.js';
import type { Block, AuthMethodType } from '../model/connector-model.js';
import { DEFAULT_METHOD_LABELS } from '../model/defaults.js';
import type { RawAuthMethod, RawField, RawGuide } from '../validate/raw-spec.js';
import { createMarkdownWriter, type MarkdownWriter } from './markdown-writer.js';
import { idsFromPath, isValidId, labelOverride, labelToKey, looksSecret, methodType, toKebab, uniqueKey } from './names.js';
import { FIELDS_STEP_TITLE, LINKING_HEADING, readGuidePage, type FieldDetails, type GuidePage } from './read-page.js';
import { verifyRebuild } from './verify-rebuild.js';
import { writeSpecYaml, type ImportedSpec } from './spec-writer.js';

/** A guide page to import: its display path and its text. */
export interface PageInput {
  readonly file: string;
  readonly source: string;
}

export interface ImportOptions {
  /** Connector id for every page, instead of the one in each file name. */
  readonly id?: string;
  /** Directory the specs are meant for, `/`-separated; names them in diagnostics (default `connectors`). */
  readonly outDir?: string;
  /** `$schema` path for the `yaml-language-server` header, relative to `outDir`. */
  readonly schemaRef?: string;
  /** The docs site the pages come from: its platform name is part of the default titles. */
  readonly site?: SiteOptions;
  /** Report the API TODO (CC3020) as a warning instead of an error. */
  readonly allowIncomplete?: boolean;
}

/** One spec written from one or more pages of the same connector. */
export interface ImportedSpecFile {
  readonly id: string;
  /** `<outDir>/<id>.yaml`. */
  readonly file: string;
  readonly yaml: string;
  /** The pages it came from, in method order. */
  readonly pages: readonly string[];
}

export interface ImportResult {
  readonly specs: readonly ImportedSpecFile[];
  /** Every diagnostic, for pages (`file` = page) and the specs (`file` = spec), sorted. */
  readonly diagnostics: readonly Diagnostic[];
}

interface ReadMethod {
  /** A link-account guide (the end user's page, with the Hub linking block) or a connector-profile page (the admin's one-time OAuth app setup). */
  readonly kind: GuideKind;
  readonly file: string;
  readonly source: string;
  readonly connectorId: string;
  readonly methodId: string;
  readonly type: AuthMethodType;
  readonly label?: string;
  readonly name?: string;
  readonly page: GuidePage;
}

/**
 * Imports guide pages as connector specs: reads each page, groups pages by
 * connector (one auth method per page), writes one spec per connector, and
 * rebuilds every page from its spec to report where the result would differ.
 * Pure: the caller reads and writes files.
 */
export function importPages(pages: readonly PageInput[], options: ImportOptions = {}): ImportResult {
  const site = options.site ?? DEFAULT_EMIT_OPTIONS.site;
  const outDir = (options.outDir ?? 'connectors').replace(/\/+$/, '');
  const diagnostics: Diagnostic[] = [];
  const methods: ReadMethod[] = [];
  for (const input of pages) {
    const result = readGuidePage(input.file, input.source);
    diagnostics.push(...result.diagnostics);
    if (!result.page) continue;
    const method = identify(input, result.page, options, site, diagnostics);
    if (method.kind === 'link-account' && !method.page.linking) {
      diagnostics.push(
        diagnostic('CC4003', 'error', `The page has no "${LINKING_HEADING}" block, so the credential fields are unknown.`, { file: input.file, line: 1, column: 1 }, `Add the block, or write the fields into the spec by hand; the "${FIELDS_STEP_TITLE}" step lists them.`),
      );
    }
    if (method.kind === 'profile' && method.page.linking) {
      diagnostics.push(
        diagnostic('CC4001', 'warning', `A connector-profile page has no "${LINKING_HEADING}" block; this one was skipped.`, { file: input.file, line: 1, column: 1 }, 'The admin sets up the OAuth app once; users link their accounts on the method\'s link-account page.'),
      );
    }
    methods.push(method);
  }

  const byConnector = new Map<string, ReadMethod[]>();
  for (const method of methods) byConnector.set(method.connectorId, [...(byConnector.get(method.connectorId) ?? []), method]);
  const writer = createMarkdownWriter();
  const specs: ImportedSpecFile[] = [];
  for (const id of [...byConnector.keys()].sort(compareStrings)) {
    const group = byConnector.get(id)!.sort((a, b) => compareStrings(a.methodId, b.methodId) || compareStrings(a.file, b.file));
    const linkPages = dropDuplicateMethods(group.filter((m) => m.kind === 'link-account'), diagnostics);
    const profilePages = matchProfiles(group.filter((m) => m.kind === 'profile'), linkPages, diagnostics);
    // One auth method per method id: its link-account page, its connector-profile page, or both.
    const ids = [...new Set([...linkPages, ...profilePages].map((m) => m.methodId))].sort(compareStrings);
    const unique: MethodPages[] = ids.map((methodId) => {
      const link = linkPages.find((m) => m.methodId === methodId);
      const profile = profilePages.find((m) => m.methodId === methodId);
      return { ...(link ? { link } : {}), ...(profile ? { profile } : {}) } as MethodPages;
    });
    const spec = buildSpec(id, unique, writer, site, diagnostics);
    const file = `${outDir}/${id}.yaml`;
    const yaml = writeSpecYaml(spec, { schemaRef: options.schemaRef ?? '../schema/connector-spec.schema.json' });
    const read = unique.flatMap((method) => [method.link, method.profile].filter((m): m is ReadMethod => m !== undefined));
    specs.push({ id, file, yaml, pages: read.map((method) => method.file) });
    diagnostics.push(...verifyRebuild({ id, file, yaml, site, allowIncomplete: options.allowIncomplete === true, pages: read.map((m) => ({ file: m.file, source: m.source, methodId: m.methodId, kind: m.kind })) }));
  }
  return { specs, diagnostics: sortDiagnostics(diagnostics) };
}

/** Connector id, method id, name and label of one page. */
function identify(input: PageInput, page: GuidePage, options: ImportOptions, site: SiteOptions, diagnostics: Diagnostic[]): ReadMethod {
  const warn = (code: 'CC4003' | 'CC4001', message: string, hint?: string): void => {
    diagnostics.push(diagnostic(code, 'warning', message, { file: input.file }, hint));
  };
  const fromPath = idsFromPath(input.file);
  // A connector-profile page is told by its title or description; failing both, by the `connector-profile/` folder `build` writes it to.
  const company = companyName(site);
  const profileFound = (page.title !== undefined ? matchProfileTitle(page.title, company) : undefined) ?? (page.description !== undefined ? matchProfileDescription(page.description, company) : undefined);
  const linkFound = (page.title !== undefined ? matchTitle(page.title, site.platformName) : undefined) ?? (page.description !== undefined ? matchDescription(page.description, site.platformName) : undefined);
  const kind: GuideKind = profileFound !== undefined || (linkFound === undefined && fromPath.kind === 'profile') ? 'profile' : 'link-account';
  const found = kind === 'profile' ? profileFound : linkFound;
  const label = found?.method;

  let connectorId = options.id ?? fromPath.connector ?? '';
  if (!isValidId(connectorId)) {
    const fixed = toKebab(connectorId) || toKebab(found?.name ?? '') || 'connector';
    if (options.id === undefined) warn('CC4003', `\`${connectorId}\` is not a valid connector id; the spec uses \`${fixed}\`.`, 'Name the page `<connector>__<method>.md`, or pass `--id`.');
    connectorId = fixed;
  }
  let methodId = fromPath.method ?? toKebab(label ?? '');
  if (!isValidId(methodId)) methodId = toKebab(methodId) || toKebab(label ?? '') || 'api-key';
  const told = methodType(methodId, label);
  // Only OAuth 2.0 methods have a connector profile: a profile page's method is one unless its id or label says otherwise (then `matchProfiles` reports it).
  const type = kind === 'profile' && !told.certain ? 'oauth2' : told.type;
  if (!told.certain && kind === 'link-account') warn('CC4003', `The page does not say which kind of authentication \`${methodId}\` is; the spec assumes \`api-key\`.`, 'Check `type` in the spec: `api-key`, `basic` or `oauth2`.');
  if (page.title === undefined) warn('CC4003', 'The page has no title, so the spec keeps the default one.', 'An `.mdx` page has `title:` in its frontmatter; an `.md` export has a `# title` line.');
  return { kind, file: input.file, source: input.source, connectorId, methodId, type, ...(label !== undefined ? { label } : {}), ...(found ? { name: found.name } : {}), page };
}

/** The pages of one auth method. */
type MethodPages = { readonly link: ReadMethod; readonly profile?: ReadMethod } | { readonly link?: ReadMethod; readonly profile: ReadMethod };

/**
 * Connector-profile pages that can join a spec: one per method, of an OAuth 2.0
 * method (a link-account page of the same id, if any, must be one too). The
 * others are CC4004 warnings at their title, not silent drops.
 */
function matchProfiles(profiles: readonly ReadMethod[], links: readonly ReadMethod[], diagnostics: Diagnostic[]): ReadMethod[] {
  const kept = new Map<string, ReadMethod>();
  for (const profile of profiles) {
    const where = { file: profile.file, line: profile.page.titleAt?.line ?? 1, column: profile.page.titleAt?.column ?? 1 };
    const link = links.find((m) => m.methodId === profile.methodId);
    const type = link?.type ?? profile.type;
    const first = kept.get(profile.methodId);
    if (type !== 'oauth2') {
      const why = link ? `its link-account page \`${link.file}\` makes \`${profile.methodId}\` an \`${type}\` method` : `its method \`${profile.methodId}\`${profile.label !== undefined ? ` (\`${profile.label}\`)` : ''} reads as \`${type}\``;
      diagnostics.push(diagnostic('CC4004', 'warning', `This connector-profile page of \`${profile.connectorId}\` was not imported: ${why}, and only OAuth 2.0 methods have a connector profile.`, where, 'Name the page after its OAuth 2.0 method, e.g. `hive__oauth2.md` or `connectors/hive/guides/connector-profile/oauth2.md`, or add the profile to the spec by hand.'));
    } else if (first) {
      diagnostics.push(diagnostic('CC4001', 'warning', `\`${first.file}\` already describes the connector profile of \`${profile.methodId}\` of \`${profile.connectorId}\`; this page was not imported.`, where, 'One OAuth 2.0 method has one connector-profile page.'));
    } else kept.set(profile.methodId, profile);
  }
  return [...kept.values()];
}

function matchTitle(title: string, platform: string): { name: string; method: string } | undefined {
  const prefix = 'Connect ';
  const suffix = ` – ${platform}`;
  if (!title.startsWith(prefix) || !title.endsWith(suffix)) return undefined;
  const middle = title.slice(prefix.length, title.length - suffix.length);
  // The name may itself contain " with " (greedy); method labels do not.
  const at = middle.lastIndexOf(' with ');
  if (at <= 0 || at + 6 >= middle.length) return undefined;
  const result = { name: middle.slice(0, at), method: middle.slice(at + 6) };
  return fillPlaceholders(DEFAULT_GUIDE_TITLE, { ...result, platform }) === title ? result : undefined;
}

function matchDescription(description: string, platform: string): { name: string; method: string } | undefined {
  const match = /^Link a (.+) account in the (.+) using (.+)\. End-user guide to authorize the integration and start using (.+) actions\.$/.exec(description);
  if (!match || match[2] !== platform || match[1] !== match[4]) return undefined;
  const result = { name: match[1]!, method: match[3]! };
  return fillPlaceholders(DEFAULT_GUIDE_DESCRIPTION, { ...result, platform }) === description ? result : undefined;
}

function defaultName(id: string): string {
  return id
    .split('-')
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(' ');
}

function dropDuplicateMethods(group: readonly ReadMethod[], diagnostics: Diagnostic[]): ReadMethod[] {
  const seen = new Map<string, ReadMethod>();
  for (const method of group) {
    const first = seen.get(method.methodId);
    if (first) {
      diagnostics.push(diagnostic('CC4001', 'warning', `\`${first.file}\` already describes auth method \`${method.methodId}\` of \`${method.connectorId}\`; this page was not imported.`, { file: method.file }, 'Give each page its own method, e.g. `hive__api-key.md` and `hive__oauth2.md`.'));
    } else seen.set(method.methodId, method);
  }
  return [...seen.values()];
}

/** The labels and keys an import gives a connector profile's fields, which its page does not list: those of every OAuth 2.0 app. */
const PROFILE_FIELD_LABELS = ['Client ID', 'Client Secret'] as const;

function buildSpec(id: string, methods: readonly MethodPages[], writer: MarkdownWriter, site: SiteOptions, diagnostics: Diagnostic[]): ImportedSpec {
  const read = methods.flatMap((method) => [method.link, method.profile].filter((m): m is ReadMethod => m !== undefined));
  const names = [...new Set(read.flatMap((method) => (method.name !== undefined ? [method.name] : [])))];
  const name = names[0] ?? defaultName(id);
  if (names.length === 0) {
    for (const method of read.filter((m) => m.page.title !== undefined)) {
      diagnostics.push(diagnostic('CC4003', 'warning', `The connector's name is neither in the title \`${method.page.title}\` nor in the description; the spec says \`${name}\`.`, { file: method.file }, 'Check `name` in the spec.'));
    }
  }
  for (const other of names.slice(1)) {
    const method = read.find((m) => m.name === other)!;
    diagnostics.push(diagnostic('CC4001', 'warning', `This page calls the connector \`${other}\`; the spec keeps \`${name}\` from another page.`, { file: method.file }, 'One spec has one `name`; a page that differs can override its `guide.title`.'));
  }

  const fields: RawField[] = [];
  const keyByLabel = new Map<string, string>();
  // A field is made the first time a page lists its label, with the kind the page's field list gives it.
  const keyFor = (label: string, linking?: GuidePage['linking'], secret = looksSecret(label)): string => {
    let key = keyByLabel.get(label);
    if (key === undefined) {
      key = uniqueKey(labelToKey(label), new Set(keyByLabel.values()));
      keyByLabel.set(label, key);
      const choices = linking?.fieldChoices[label];
      const details = linking?.fieldDetails[label];
      const defaultValue = choices?.options.find((option) => option.label === choices.defaultLabel)?.value;
      fields.push({
        key,
        label,
        ...(choices !== undefined
          ? { type: 'select' as const, options: choices.options.map((option) => ({ value: option.value, label: option.label })), ...(defaultValue !== undefined ? { default: defaultValue } : {}) }
          : details?.kind !== undefined
            ? importedKind(details.kind)
            : secret ? { secret: true } : {}),
      });
    }
    return key;
  };
  const auth = methods.map(({ link, profile }) => {
    const first = (link ?? profile)!;
    // Without a link-account page the end user types nothing: the app obtains the token (`fields: []`).
    const keys = (link?.page.linking?.fieldLabels ?? []).map((label) => keyFor(label, link?.page.linking));
    const label = labelOverride(first.type, link?.label ?? profile?.label);
    const values = { name, method: link?.label ?? profile?.label ?? DEFAULT_METHOD_LABELS[first.type] };
    let profileOut: RawAuthMethod['profile'];
    if (profile) {
      diagnostics.push(
        diagnostic('CC4003', 'warning', `A connector-profile page does not list the profile's fields; the spec gives \`${first.methodId}\` the fields ${PROFILE_FIELD_LABELS.map((l) => `\`${l}\``).join(' and ')}.`, { file: profile.file, line: profile.page.titleAt?.line ?? 1, column: profile.page.titleAt?.column ?? 1 }, 'Check `profile.fields` in the spec: add any extra field the provider needs (an authorization-server URL, an environment).'),
      );
      profileOut = { fields: PROFILE_FIELD_LABELS.map((l) => keyFor(l, undefined, l === 'Client Secret')), guide: buildGuide(profile.page, 'profile', values, writer, site) };
    }
    return {
      id: first.methodId,
      type: first.type,
      ...(label !== undefined ? { label } : {}),
      keys,
      ...(profileOut ? { profile: profileOut } : {}),
      ...(link ? { guide: buildGuide(link.page, 'link-account', values, writer, site) } : {}),
    } as RawAuthMethod & { keys: string[] };
  });
  // Conditions name another field by its label: resolved once every field has its key and kind.
  for (const method of methods.flatMap((pages) => (pages.link ? [pages.link] : []))) {
    for (const [label, details] of Object.entries(method.page.linking?.fieldDetails ?? {})) {
      const field = fields.find((f) => f.label === label);
      const target = fields.find((f) => f.label === details.condition?.label);
      if (field === undefined || details.condition === undefined || field.showWhen !== undefined) continue;
      if (target === undefined || target === field) {
        diagnostics.push(diagnostic('CC4003', 'warning', `The field list shows \`${label}\` only when \`${details.condition.label}\` has a value, but lists no such field; the spec shows it always.`, { file: method.file }, 'Add `showWhen` to the field in the spec.'));
        continue;
      }
      const values = details.condition.values?.map((value) => conditionValue(target, value));
      field.showWhen = { field: target.key, ...(values === undefined ? {} : values.length === 1 ? { equals: values[0]! } : { in: values }) };
    }
  }
  // A method lists its fields only when it does not ask for all of them, in spec order.
  const allKeys = fields.map((field) => field.key);
  const methodsOut = auth.map((method) => {
    const { keys, ...rest } = method as RawAuthMethod & { keys: string[] };
    const sameAsAll = keys.length === allKeys.length && keys.every((key, i) => key === allKeys[i]);
    return sameAsAll ? rest : { ...rest, fields: keys };
  });
  // The selector is the connector's, the same on each page: kept from the first page that has one.
  const withActions = read.filter((method) => method.page.actions !== undefined);
  for (const other of withActions.slice(1)) {
    if (JSON.stringify(other.page.actions) !== JSON.stringify(withActions[0]!.page.actions)) {
      diagnostics.push(diagnostic('CC4001', 'warning', `This page's action/scope selector differs from that of \`${withActions[0]!.file}\`; the spec keeps the latter.`, { file: other.file }, 'One connector has one list of actions, derived from its operations.'));
    }
  }
  const importedActions = withActions[0]?.page.actions;
  return {
    id,
    name,
    fields,
    auth: methodsOut,
    todo: `Add baseUrl and operations from the ${name} API reference, and apply (or oauth2) to each auth method; then delete this key.`,
    ...(importedActions ? { importedActions } : {}),
  };
}

/** The spec keys of a number or checkbox read from the field list; a checkbox without a default is optional (a required one needs a default, CC3050). */
function importedKind(kind: NonNullable<FieldDetails['kind']>): Partial<RawField> {
  if (kind.type === 'boolean') return { type: 'boolean', ...(kind.default !== undefined ? { default: kind.default } : { required: false }) };
  return {
    type: 'number',
    ...(kind.integer ? { integer: true } : {}),
    ...(kind.minimum !== undefined ? { minimum: kind.minimum } : {}),
    ...(kind.maximum !== undefined ? { maximum: kind.maximum } : {}),
    ...(kind.default !== undefined ? { default: kind.default } : {}),
  };
}

/** A condition value as the field list shows it (an option's label, `checked`, a number), as the spec writes it. */
function conditionValue(target: RawField, shown: string): string | number | boolean {
  if (target.type === 'boolean') return shown === 'checked';
  if (target.type === 'number') return Number(shown);
  return target.options?.find((option) => option.label === shown)?.value ?? shown;
}

function buildGuide(page: GuidePage, kind: GuideKind, values: { name: string; method: string }, writer: MarkdownWriter, site: SiteOptions): RawGuide {
  const markdown = (blocks: readonly Block[]): string | undefined => (blocks.length === 0 ? undefined : writer(blocks));
  const inline = (blocks: readonly Block[]): string | undefined => {
    const text = markdown(blocks);
    // One-line text reads best as a plain scalar; the writer's final newline is not content.
    return text !== undefined && text.indexOf('\n') === text.length - 1 ? text.slice(0, -1) : text;
  };
  // What `build` will write without overrides; anything else is kept as an override.
  const filled = { ...values, platform: site.platformName, company: companyName(site) };
  const [defaultTitle, defaultDescription] = kind === 'profile' ? [DEFAULT_PROFILE_TITLE, DEFAULT_PROFILE_DESCRIPTION] : [DEFAULT_GUIDE_TITLE, DEFAULT_GUIDE_DESCRIPTION];
  const titleOverride = page.title !== undefined && page.title !== fillPlaceholders(defaultTitle, filled) ? withPlatform(page.title, site.platformName) : undefined;
  const descriptionOverride = page.description !== undefined && page.description !== fillPlaceholders(defaultDescription, filled) ? withPlatform(page.description, site.platformName) : undefined;
  const callouts = page.callouts.map((callout) => ({ type: callout.kind, text: inline(callout.content) ?? '' }));
  return {
    ...(titleOverride !== undefined ? { title: titleOverride } : {}),
    ...(descriptionOverride !== undefined ? { description: descriptionOverride } : {}),
    ...(callouts.length > 0 ? { callouts } : {}),
    sections: page.sections.map((section) => {
      const intro = inline(section.intro);
      return {
        heading: section.heading,
        ...(intro !== undefined ? { intro } : {}),
        ...(section.scopes.length > 0 ? { scopes: [...section.scopes] } : {}),
        // A section that is only a heading and its intro ("Before You Start") has no `steps`.
        ...(section.steps.length > 0
          ? {
              steps: section.steps.map((step) => ({
                title: step.title,
                body: markdown(step.body) ?? '',
                ...(step.scopes.length > 0 ? { scopes: [...step.scopes] } : {}),
                ...(step.displayScopes.length > 0 ? { displayScopes: [...step.displayScopes] } : {}),
                ...(step.redirectUrl === true ? { redirectUrl: true } : {}),
              })),
            }
          : {}),
      };
    }),
    ...(kind === 'link-account' && page.linking && !page.linking.hideWhenWhitelabelled ? { linking: { hideWhenWhitelabelled: false } } : {}),
  };
}

/**
 * An override names the platform through `{platform}`, so it follows a rename of the docs site.
 * Text that already reads like a placeholder stays literal (it would be filled in otherwise).
 */
function withPlatform(text: string, platform: string): string {
  if (/\{(?:name|method|platform)\}/.test(text) || platform === '') return text;
  return text.split(platform).join('{platform}');
}
