import type { AuthMethod, ConnectorModel, CredentialField, GuideModel } from '../../model/connector-model.js';
import type { SiteOptions } from '../emitter.js';
import { CALLOUT_COMPONENTS, renderBlocks, renderCallout, type MarkupTarget } from './render-blocks.js';
import { specText, type SpecText } from './spec-text.js';
import { compareStrings } from '../../diagnostics/diagnostic.js';
import { scopedActions } from '../../model/scoped-actions.js';
import { escapeAttribute } from './escape.js';
import { redirectUrlOf, renderRedirectUrl } from './redirect-url.js';

/**
 * What the templates see: plain data built from the model. Spec text is
 * wrapped in {@link SpecText} (printable only through an escaping helper) and
 * prerendered markdown in {@link Html}. The shapes are documented for
 * template authors in `docs/guide-pages.md`.
 */

/** Prerendered page markup; Handlebars prints objects with `toHTML()` as is. */
export class Html {
  constructor(readonly html: string) {}
  toHTML(): string {
    return this.html;
  }
  toString(): string {
    return this.html;
  }
}

export const DEFAULT_GUIDE_TITLE = 'Connect {name} with {method} – {platform}';
export const DEFAULT_GUIDE_DESCRIPTION =
  'Link a {name} account in the {platform} using {method}. End-user guide to authorize the integration and start using {name} actions.';
export const DEFAULT_PROFILE_TITLE = '{name} {method} connector profile – {company} setup guide';
export const DEFAULT_PROFILE_DESCRIPTION =
  'Set up the {method} connector profile for {name} in {company}. One-time admin setup required before your users can link {name} accounts via Hub.';
export const DEFAULT_OVERVIEW_TITLE = '{name} – {platform}';
export const DEFAULT_OVERVIEW_DESCRIPTION = 'Link a {name} account in the {platform}: the authentication methods and the credentials each one needs.';
export const LLMS_TXT_TITLE = '{platform} connector guides';
export const LLMS_TXT_SUMMARY = 'End-user guides for linking accounts in the {platform}: one overview per connector and one page per authentication method, listing the credentials to obtain and how.';

/** Fills `{name}`, `{method}`, `{platform}` and `{company}`; other braces are left as written. */
export function fillPlaceholders(template: string, values: { name: string; method?: string; platform: string; company?: string }): string {
  return template.replace(/\{(name|method|platform|company)\}/g, (whole, key: 'name' | 'method' | 'platform' | 'company') => values[key] ?? whole);
}

/** `site.companyName`, else the platform name without a final ` Hub` (`StackOne Hub` → `StackOne`). */
export function companyName(site: SiteOptions): string {
  return site.companyName ?? site.platformName.replace(/\s+Hub$/, '');
}

/** Where a page lives: file paths under the output dir and its URLs on the docs site. */
export interface PageLocation {
  /** Output-relative path of the MDX source. */
  readonly mdxPath: string;
  /** Output-relative path of the markdown export. */
  readonly mdPath: string;
  /** Site-relative URL of the page, e.g. `/connectors/hive/guides/link-account/api-key`. */
  readonly url: string;
  /** Absolute URL of the markdown export, as linked from llms.txt. */
  readonly mdUrl: string;
}

export interface PageSummary extends PageLocation {
  readonly title: string;
  readonly description: string;
}

/** The docs origin without a trailing slash. */
export function siteOrigin(site: SiteOptions): string {
  return site.docsUrl.replace(/\/+$/, '');
}

/** The two kinds of guide page: an end user's link-account page and an admin's connector-profile page. */
export type GuideKind = 'link-account' | 'profile';

const GUIDE_FOLDERS: Readonly<Record<GuideKind, string>> = { 'link-account': 'link-account', profile: 'connector-profile' };

/** Site-relative URL of a guide page, which is also its path under `docs/` without the extension. */
export function guidePageUrl(connectorId: string, kind: GuideKind, methodId: string): string {
  return `/connectors/${connectorId}/guides/${GUIDE_FOLDERS[kind]}/${methodId}`;
}

function pageSummary(url: string, site: SiteOptions, title: string, description: string): PageSummary {
  return { mdxPath: `docs${url}.mdx`, mdPath: `docs${url}.md`, url, mdUrl: `${siteOrigin(site)}${url}.md`, title, description };
}

/** The guide page of one auth method; `undefined` when the method has no guide. */
export function guideSummary(model: ConnectorModel, method: AuthMethod, site: SiteOptions): PageSummary | undefined {
  if (!method.guide) return undefined;
  const values = { name: model.name, method: method.label, platform: site.platformName };
  return pageSummary(
    guidePageUrl(model.id, 'link-account', method.id),
    site,
    fillPlaceholders(method.guide.title ?? DEFAULT_GUIDE_TITLE, values),
    fillPlaceholders(method.guide.description ?? DEFAULT_GUIDE_DESCRIPTION, values),
  );
}

/** The connector-profile page of an OAuth 2.0 method; `undefined` when its profile has no guide. */
export function profileSummary(model: ConnectorModel, method: AuthMethod, site: SiteOptions): PageSummary | undefined {
  const guide = method.profile?.guide;
  if (!guide) return undefined;
  const values = { name: model.name, method: method.label, platform: site.platformName, company: companyName(site) };
  return pageSummary(
    guidePageUrl(model.id, 'profile', method.id),
    site,
    fillPlaceholders(guide.title ?? DEFAULT_PROFILE_TITLE, values),
    fillPlaceholders(guide.description ?? DEFAULT_PROFILE_DESCRIPTION, values),
  );
}

/** The connector's overview page (`/connectors/<id>`, stored as `<id>/index.mdx`). */
export function overviewSummary(model: ConnectorModel, site: SiteOptions): PageSummary {
  const url = `/connectors/${model.id}`;
  const values = { name: model.name, platform: site.platformName };
  return {
    mdxPath: `docs${url}/index.mdx`,
    mdPath: `docs${url}/index.md`,
    url,
    mdUrl: `${siteOrigin(site)}${url}.md`,
    title: fillPlaceholders(DEFAULT_OVERVIEW_TITLE, values),
    description: model.description ?? fillPlaceholders(DEFAULT_OVERVIEW_DESCRIPTION, values),
  };
}

function siteData(site: SiteOptions) {
  return {
    platformName: specText(site.platformName),
    docsUrl: specText(siteOrigin(site)),
    llmsTxtUrl: specText(`${siteOrigin(site)}/llms.txt`),
  };
}

function pageData(page: PageSummary) {
  return { title: specText(page.title), description: specText(page.description), url: specText(page.url), mdUrl: specText(page.mdUrl) };
}

function connectorData(model: ConnectorModel) {
  return {
    id: model.id,
    name: specText(model.name),
    description: specText(model.description) ?? false,
    website: specText(model.website) ?? false,
    category: specText(model.category) ?? false,
  };
}

/**
 * One field for the guide's field list. `details` is what follows the label
 * besides a select's options (which the template writes itself): a number's
 * or checkbox's kind and default, and the condition under which it is shown,
 * joined with `; ` (see `fieldDetails`). `siblings` are the fields of the same
 * list, which a condition names.
 */
function fieldData(field: CredentialField, siblings: readonly CredentialField[]) {
  const details = fieldDetails(field, siblings);
  return {
    key: field.key,
    label: specText(field.label),
    description: specText(field.description) ?? false,
    required: field.required,
    secret: field.secret,
    // A select: its choices and the label of its default, for the guide's field list.
    options: field.options?.map((option) => ({ value: specText(option.value), label: specText(option.label) })) ?? false,
    default: specText(typeof field.default === 'string' ? (field.options?.find((option) => option.value === field.default)?.label ?? field.default) : undefined) ?? false,
    details: details.length > 0 ? specText(details.join('; ')) : false,
  };
}

/**
 * `a whole number from 1 to 65535`, `default: 443`, `a checkbox`, `default: unchecked`,
 * `only when Region is EU`: the parts of a field list item after the label
 * that are not a select's options. `import` reads them back (`readFieldItem`).
 */
export function fieldDetails(field: CredentialField, siblings: readonly CredentialField[]): string[] {
  const parts: string[] = [];
  if (field.valueType === 'boolean') {
    parts.push('a checkbox');
    if (typeof field.default === 'boolean') parts.push(`default: ${field.default ? 'checked' : 'unchecked'}`);
  } else if (field.valueType !== undefined) {
    const kind = field.valueType === 'integer' ? 'a whole number' : 'a number';
    const { minimum, maximum } = field;
    parts.push(minimum !== undefined && maximum !== undefined ? `${kind} from ${minimum} to ${maximum}` : minimum !== undefined ? `${kind} of at least ${minimum}` : maximum !== undefined ? `${kind} of at most ${maximum}` : kind);
    if (typeof field.default === 'number') parts.push(`default: ${field.default}`);
  }
  if (field.showWhen !== undefined) parts.push(conditionText(field.showWhen, siblings));
  return parts;
}

/** `only when Region is EU`, `only when Region is EU or AP`, `only when Sandbox is checked`, `only when Tenant is filled in`. */
function conditionText(condition: NonNullable<CredentialField['showWhen']>, siblings: readonly CredentialField[]): string {
  const target = siblings.find((field) => field.key === condition.field);
  const name = target?.label ?? condition.field;
  if (condition.values === undefined) return `only when ${name} is filled in`;
  const shown = condition.values.map((value) =>
    typeof value === 'boolean' ? (value ? 'checked' : 'unchecked') : typeof value === 'string' ? (target?.options?.find((option) => option.value === value)?.label ?? value) : String(value),
  );
  const list = shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]!}`;
  return `only when ${name} is ${list}`;
}

function methodData(method: AuthMethod) {
  return { id: method.id, type: method.type, label: specText(method.label) };
}

const joinScopes = (scopes: readonly string[]): SpecText => specText(scopes.join(' '));
const htmlOrFalse = (html: string): Html | false => (html === '' ? false : new Html(html));

/**
 * Context of `guide.mdx.hbs` (target `mdx`) or `guide.md.hbs` (target `md`)
 * and their partials; the prerendered markup is written for the target.
 */
export function guideContext(model: ConnectorModel, method: AuthMethod & { readonly guide: GuideModel }, page: PageSummary, site: SiteOptions, target: MarkupTarget = 'mdx') {
  const guide = method.guide;
  return {
    ...pageBody(model, method, guide, page, site, target),
    linking: {
      hideWhenWhitelabelled: guide.linking.hideWhenWhitelabelled,
      fields: method.fields.map((field) => fieldData(field, method.fields)),
    },
  };
}

/**
 * Context of `profile.mdx.hbs` / `profile.md.hbs`: the same callouts and
 * sections as a guide, the profile's fields, and no Hub linking block.
 */
export function profileContext(model: ConnectorModel, method: AuthMethod, guide: GuideModel, page: PageSummary, site: SiteOptions, target: MarkupTarget = 'mdx') {
  return { ...pageBody(model, method, guide, page, site, target), fields: (method.profile?.fields ?? []).map((field, _index, fields) => fieldData(field, fields)) };
}

/** What guide and profile pages share: site, page, connector, method, callouts and sections. */
function pageBody(model: ConnectorModel, method: AuthMethod, guide: GuideModel, page: PageSummary, site: SiteOptions, target: MarkupTarget) {
  const redirectUrl = redirectUrlOf(site, model, method);
  return {
    site: siteData(site),
    page: pageData(page),
    connector: connectorData(model),
    method: methodData(method),
    callouts: guide.callouts.map((callout) => ({
      kind: callout.kind,
      component: CALLOUT_COMPONENTS[callout.kind],
      html: new Html(renderCallout(callout.kind, callout.content, target)),
    })),
    scopeSelector: scopeSelector(model),
    sections: guide.sections.map((section) => ({
      heading: specText(section.heading),
      scopes: joinScopes(section.scopes),
      intro: htmlOrFalse(renderBlocks(section.intro, target)),
      steps: section.steps.map((step) => ({
        title: specText(step.title),
        scopes: joinScopes(step.scopes),
        displayScopes: joinScopes(step.displayScopes),
        body: htmlOrFalse(renderBlocks(step.body, target)),
        // Only profile guides may ask (CC3061); without the site setting the page is not written (CC3060).
        redirectUrl: step.redirectUrl === true && redirectUrl !== undefined ? new Html(renderRedirectUrl(redirectUrl, target)) : false,
      })),
    })),
  };
}

/**
 * The action/scope selector panel, the same in `.mdx` and `.md`: the actions
 * JSON (`[{"id","label","scopes"}]`, derived from the operations that declare
 * scopes) in one attribute, `"` written `&#x22;`. `false` when no operation
 * declares scopes.
 */
export function scopeSelector(model: ConnectorModel): Html | false {
  const actions = scopedActions(model);
  if (actions.length === 0) return false;
  const json = JSON.stringify(actions.map((action) => ({ id: action.id, label: action.label, scopes: action.scopes })));
  return new Html(
    `<Panel>\n  <div className="not-prose guides-scope-selector" data-guides-scope-selector data-guide-actions-json="${escapeAttribute(json)}" />\n</Panel>`,
  );
}

/** Context of `overview.mdx.hbs` / `overview.md.hbs`. */
export function overviewContext(model: ConnectorModel, page: PageSummary, site: SiteOptions) {
  return {
    site: siteData(site),
    page: pageData(page),
    connector: connectorData(model),
    methods: model.authMethods.map((method) => {
      const guide = guideSummary(model, method, site);
      const profile = profileSummary(model, method, site);
      return { ...methodData(method), guide: guide ? pageData(guide) : false, profile: profile ? pageData(profile) : false, fields: method.fields.map((field) => fieldData(field, method.fields)) };
    }),
    fields: model.fields.map((field) => fieldData(field, model.fields)),
  };
}

/** Context of `llms.txt.hbs`: every connector (sorted by id) with its pages. */
export function llmsContext(models: readonly ConnectorModel[], site: SiteOptions, entries: LlmsEntryMemo = createLlmsEntryMemo()) {
  const values = { name: '', platform: site.platformName };
  return {
    site: siteData(site),
    title: specText(fillPlaceholders(LLMS_TXT_TITLE, values)),
    summary: specText(fillPlaceholders(LLMS_TXT_SUMMARY, values)),
    connectors: [...models].sort((a, b) => compareStrings(a.id, b.id)).map((model) => llmsEntry(entries, model, site)),
  };
}

/**
 * Each model's llms.txt entry, computed once per model object and site (the
 * docs emitter keeps one memo per `prepare`): in a watch session the models of
 * unchanged specs are the same objects from build to build, and a renamed
 * connector re-renders the whole file.
 */
export type LlmsEntryMemo = WeakMap<ConnectorModel, { readonly site: SiteOptions; readonly entry: ReturnType<typeof computeLlmsEntry> }>;

export function createLlmsEntryMemo(): LlmsEntryMemo {
  return new WeakMap();
}

function llmsEntry(llmsEntries: LlmsEntryMemo, model: ConnectorModel, site: SiteOptions) {
  const known = llmsEntries.get(model);
  if (known?.site === site) return known.entry;
  const entry = computeLlmsEntry(model, site);
  llmsEntries.set(model, { site, entry });
  return entry;
}

function computeLlmsEntry(model: ConnectorModel, site: SiteOptions) {
  return {
    id: model.id,
    name: specText(model.name),
    overview: pageData(overviewSummary(model, site)),
    guides: model.authMethods.flatMap((method) => {
      const guide = guideSummary(model, method, site);
      const profile = profileSummary(model, method, site);
      return [...(guide ? [pageData(guide)] : []), ...(profile ? [pageData(profile)] : [])];
    }),
  };
}

export type GuideContext = ReturnType<typeof guideContext>;
export type ProfileContext = ReturnType<typeof profileContext>;
export type OverviewContext = ReturnType<typeof overviewContext>;
export type LlmsContext = ReturnType<typeof llmsContext>;
