// Over 400 lines: `readGuidePage` reads the guide page's fixed layout in one pass, section by section; src/import is reworked in parallel (issue #19), so it is left whole here.
import type * as Mdast from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { parse as parseYaml } from 'yaml';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Callout, GuideSection, GuideStep } from '../model/connector-model.js';
import { CALLOUT_KINDS, PageBlockReader, flowChildren, hasAttribute, isElement, isElementRun, stringAttribute, textContent, type JsxElement, type PageNode } from './page-blocks.js';

/** The heading of the block every guide page ends with. */
export const LINKING_HEADING = 'Linking the Account from the Hub';
/** The linking step that lists the credential fields. */
export const FIELDS_STEP_TITLE = 'Fill out the fields';
const LINKING_STEP_TITLES = new Set(['Navigate to the Hub', FIELDS_STEP_TITLE, 'Connect']);

/** What a guide page says, before it is mapped onto a spec. */
export interface GuidePage {
  /** The title as written (frontmatter `title`, or the `# heading` of a `.md` export). */
  readonly title?: string;
  /** Where the title is written (the frontmatter's first line, or the `# heading`), for diagnostics about the whole page. */
  readonly titleAt?: { readonly line: number; readonly column: number };
  readonly description?: string;
  readonly callouts: readonly Callout[];
  readonly sections: readonly GuideSection[];
  /** The action/scope selector's actions, as read; absent when the page has none. */
  readonly actions?: readonly PageAction[];
  /** Absent when the page has no "Linking the Account from the Hub" block (a connector-profile page has none). */
  readonly linking?: {
    readonly hideWhenWhitelabelled: boolean;
    readonly fieldLabels: readonly string[];
    /** By label: the options of a select field, as the guide lists them (`Region: one of US (us), EU (eu); default: EU`). */
    readonly fieldChoices: Readonly<Record<string, FieldChoices>>;
    /** By label: a number's or checkbox's kind, and the condition a field is shown under (`Port: a whole number from 1 to 65535; default: 443`). */
    readonly fieldDetails: Readonly<Record<string, FieldDetails>>;
  };
}

/** A select field read back from the guide's field list: its options, and the label of its default. */
export interface FieldChoices {
  readonly options: readonly { readonly value: string; readonly label: string }[];
  readonly defaultLabel?: string;
}

/** A number or checkbox field, and the condition a field is shown under, read back from the guide's field list. */
export interface FieldDetails {
  readonly kind?:
    | { readonly type: 'number'; readonly integer: boolean; readonly minimum?: number; readonly maximum?: number; readonly default?: number }
    | { readonly type: 'boolean'; readonly default?: boolean };
  /** `only when Region is EU or AP`: the other field's label and the shown values as listed (`undefined`: "is filled in"). */
  readonly condition?: { readonly label: string; readonly values?: readonly string[] };
}

/**
 * Splits one item of the "Fill out the fields" list as the compiler writes
 * it (see `fieldDetails` in src/emit/docs/page-data.ts): a plain label; a
 * select, `Label: one of A (a), B (b); default: A`; a number, `Label: a whole
 * number from 1 to 65535; default: 443`; a checkbox, `Label: a checkbox;
 * default: unchecked`; any of them followed by `; only when Other is X or Y`
 * (or `: only when …` after a plain label). Text that does not read back
 * completely is a label.
 */
export function readFieldItem(text: string): { label: string; choices?: FieldChoices; details?: FieldDetails } {
  const conditional = /^(.+?)(?:: |; )only when (.+?) is (.+)$/u.exec(text);
  const condition = conditional === null ? undefined : readCondition(conditional[2]!, conditional[3]!);
  const rest = conditional === null ? text : conditional[1]!;
  const read = readKind(rest);
  if (condition === undefined) return read.kind !== undefined ? { label: read.label, details: { kind: read.kind } } : withChoices(read.label, read.choices);
  const details: FieldDetails = { ...(read.kind !== undefined ? { kind: read.kind } : {}), condition };
  return { label: read.label, ...(read.choices !== undefined ? { choices: read.choices } : {}), details };
}

function withChoices(label: string, choices: FieldChoices | undefined): { label: string; choices?: FieldChoices } {
  return choices !== undefined ? { label, choices } : { label };
}

function readCondition(label: string, shown: string): FieldDetails['condition'] {
  if (shown === 'filled in') return { label };
  const last = shown.lastIndexOf(' or ');
  const values = last === -1 ? [shown] : [...shown.slice(0, last).split(', '), shown.slice(last + ' or '.length)];
  return { label, values };
}

const NUMBER_TEXT = '-?[0-9]+(?:\\.[0-9]+)?(?:e[-+][0-9]+)?';
const NUMBER_ITEM = new RegExp(`^(.+?): a (whole )?number(?: from (${NUMBER_TEXT}) to (${NUMBER_TEXT})| of at least (${NUMBER_TEXT})| of at most (${NUMBER_TEXT}))?(?:; default: (${NUMBER_TEXT}))?$`, 'u');
const CHECKBOX_ITEM = /^(.+?): a checkbox(?:; default: (checked|unchecked))?$/u;

function readKind(text: string): { label: string; choices?: FieldChoices; kind?: FieldDetails['kind'] } {
  const number = NUMBER_ITEM.exec(text);
  if (number !== null) {
    const [, label, whole, from, to, atLeast, atMost, initial] = number;
    const minimum = from ?? atLeast;
    const maximum = to ?? atMost;
    return {
      label: label!,
      kind: { type: 'number', integer: whole !== undefined, ...(minimum !== undefined ? { minimum: Number(minimum) } : {}), ...(maximum !== undefined ? { maximum: Number(maximum) } : {}), ...(initial !== undefined ? { default: Number(initial) } : {}) },
    };
  }
  const checkbox = CHECKBOX_ITEM.exec(text);
  if (checkbox !== null) return { label: checkbox[1]!, kind: { type: 'boolean', ...(checkbox[2] !== undefined ? { default: checkbox[2] === 'checked' } : {}) } };
  return readSelect(text);
}

function readSelect(text: string): { label: string; choices?: FieldChoices } {
  const select = /^(.+?): one of (.+?)(?:; default: (.+))?$/u.exec(text);
  if (select === null) return { label: text };
  const options: { value: string; label: string }[] = [];
  const list = select[2]!;
  const item = /(.+?) \(([^()]+)\)(?:, |$)/gu;
  let end = 0;
  for (let match = item.exec(list); match !== null && match.index === end; match = item.exec(list)) {
    options.push({ label: match[1]!, value: match[2]! });
    end = item.lastIndex;
  }
  // Anything that does not read back completely is a label that happens to contain ": one of".
  if (end !== list.length || options.length === 0) return { label: text };
  return { label: select[1]!, choices: { options, ...(select[3] !== undefined ? { defaultLabel: select[3] } : {}) } };
}

/** One action of the scope selector panel. */
export interface PageAction {
  readonly id: string;
  readonly label: string;
  readonly scopes: readonly string[];
}

const SELECTOR_CLASS = 'not-prose guides-scope-selector';

/** What a spec can hold: ids and scopes without spaces or `"`, one-line labels. */
function isActionList(value: unknown): value is PageAction[] {
  const token = (v: unknown): boolean => typeof v === 'string' && /^[^\s"]+$/.test(v);
  return (
    Array.isArray(value) &&
    value.every((item) => {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) return false;
      const { id, label, scopes, ...rest } = item as Record<string, unknown>;
      return Object.keys(rest).length === 0 && token(id) && typeof label === 'string' && label.trim() !== '' && !/[\r\n]/.test(label) && Array.isArray(scopes) && scopes.every(token);
    })
  );
}

export interface ReadPageResult {
  /** Absent when the page is not a guide page at all (see the CC4002 diagnostic). */
  readonly page?: GuidePage;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Reads a guide page — an `.mdx` source with YAML frontmatter, or its `.md`
 * export with the "Documentation Index" preamble, `# title` and
 * `> description` — into its parts. Parsing is remark + remark-mdx (+ GFM),
 * so HTML-ish tags arrive as positioned JSX elements.
 */
export function readGuidePage(file: string, source: string): ReadPageResult {
  const diagnostics: Diagnostic[] = [];
  const processor = unified().use(remarkParse).use(remarkMdx).use(remarkGfm).use(remarkFrontmatter, ['yaml']);
  let root: Mdast.Root;
  try {
    root = processor.runSync(processor.parse(source)) as Mdast.Root;
  } catch (error) {
    const place = (error as { line?: number; column?: number }) ?? {};
    const reason = (error as { reason?: string }).reason ?? (error instanceof Error ? error.message : String(error));
    diagnostics.push(diagnostic('CC4002', 'error', `The page cannot be read as MDX: ${reason}`, { file, line: place.line ?? 1, column: place.column ?? 1 }, 'Guide pages are MDX: close every tag, and write `\\{` and `\\<` for literal braces and angle brackets.'));
    return { diagnostics };
  }
  const reader = new PageReader(file, source, diagnostics);
  const page = reader.read(root.children);
  return page ? { page, diagnostics } : { diagnostics };
}

class PageReader {
  private readonly blocks: PageBlockReader;
  private title?: string;
  private titleAt?: { line: number; column: number };
  private description?: string;
  private readonly callouts: Callout[] = [];
  private readonly sections: GuideSection[] = [];
  private sawGuideSection = false;
  private actions?: PageAction[];
  private linking?: { hideWhenWhitelabelled: boolean; fieldLabels: string[]; fieldChoices: Record<string, FieldChoices>; fieldDetails: Record<string, FieldDetails> };

  constructor(
    private readonly file: string,
    source: string,
    private readonly diagnostics: Diagnostic[],
  ) {
    this.blocks = new PageBlockReader((node, message, hint) => this.skip(node, message, hint), source, /\.md$/i.test(file));
  }

  read(nodes: readonly PageNode[]): GuidePage | undefined {
    const queue = flattenElementRuns(nodes);
    for (let i = 0; i < queue.length; i++) {
      const node = queue[i]!;
      if (node.type === 'yaml') this.frontmatter(node);
      else if (node.type === 'blockquote' && isIndexPreamble(node)) continue;
      else if (node.type === 'heading' && node.depth === 1 && this.title === undefined) {
        this.title = plainText(node.children, node, this, 'title');
        this.titleAt = startOf(node);
      }
      else if (node.type === 'blockquote' && this.title !== undefined && this.description === undefined && this.sections.length === 0 && this.callouts.length === 0) {
        this.description = plainText(node.children.flatMap((child) => (child.type === 'paragraph' ? child.children : [])), node, this, 'description');
      } else if (isElement(node) && CALLOUT_KINDS[node.name ?? '']) {
        if (this.sections.length > 0 || this.linking) this.skip(node, 'A callout between sections cannot be placed there in a spec; it was moved to the callouts at the top of the page.');
        const [callout] = this.blocks.blocks([node]);
        if (callout?.type === 'callout') this.callouts.push({ kind: callout.kind, content: callout.children });
      } else if (isElement(node) && node.name === 'Panel') this.panel(node);
      else if (isElement(node) && node.name === 'section' && hasAttribute(node, 'data-guide-section')) this.htmlSection(node);
      else if (isElement(node) && node.name === 'div' && hasAttribute(node, 'data-whitelabel-hide')) this.htmlLinking(node);
      else if (node.type === 'heading' && node.depth === 2) {
        // Markdown spelling: `## Heading`, intro blocks, `<Steps>`; or the plain linking block.
        let end = i + 1;
        while (end < queue.length && !endsMarkdownSection(queue[end]!)) end++;
        const body = queue.slice(i + 1, end);
        if (plainTextOf(node) === LINKING_HEADING) this.markdownLinking(node, body);
        else this.markdownSection(node, body);
        i = end - 1;
      } else if (isBlank(node)) continue;
      else this.skip(node, `${describeNode(node)} outside the sections has no place in a spec and was skipped.`, 'Guide text goes into a section: `<section data-guide-section>` or a `## heading` followed by `<Steps>`.');
    }
    // Step-less sections alone ("## Notes" + text) do not make a guide page, unless they wear the guide's `<section>` wrapper.
    if (!this.sections.some((section) => section.steps.length > 0) && !this.sawGuideSection) {
      this.diagnostics.push(
        diagnostic('CC4002', 'error', 'This is not a guide page: it has no sections with steps.', { file: this.file, line: 1, column: 1 }, 'A guide page has `<section data-guide-section>` blocks (or `## heading` + `<Steps>`) and ends with "Linking the Account from the Hub".'),
      );
      return undefined;
    }
    // Whether a missing linking block is a problem depends on the kind of page, which the importer tells from the title.
    return {
      ...(this.title !== undefined ? { title: this.title } : {}),
      ...(this.title !== undefined && this.titleAt !== undefined ? { titleAt: this.titleAt } : {}),
      ...(this.description !== undefined ? { description: this.description } : {}),
      callouts: this.callouts,
      sections: this.sections,
      ...(this.actions ? { actions: this.actions } : {}),
      ...(this.linking ? { linking: this.linking } : {}),
    };
  }

  skip(node: PageNode, message: string, hint?: string): void {
    const start = node.position?.start;
    this.diagnostics.push(diagnostic('CC4001', 'warning', message, { file: this.file, line: start?.line ?? 1, column: start?.column ?? 1 }, hint));
  }

  private frontmatter(node: Mdast.Yaml): void {
    let data: unknown;
    try {
      data = parseYaml(node.value);
    } catch (error) {
      this.skip(node, `The frontmatter is not valid YAML and was skipped: ${(error as Error).message.split('\n')[0]}`);
      return;
    }
    if (data === null || typeof data !== 'object' || Array.isArray(data)) return;
    for (const [key, value] of Object.entries(data)) {
      if ((key === 'title' || key === 'description') && typeof value === 'string') {
        this[key] = value;
        if (key === 'title') this.titleAt = startOf(node);
      }
      else this.skip(node, `The frontmatter key \`${key}\` has no equivalent in a spec and was dropped.`);
    }
  }

  // ─── The action/scope selector ──────────────────────────────────────────────

  /** `<Panel><div … data-guides-scope-selector data-guide-actions-json="[…]" /></Panel>`: the actions, kept as read. */
  private panel(node: JsxElement): void {
    const children = flattenElementRuns(flowChildren(node)).filter((child) => !isBlank(child));
    const selector = children.length === 1 && isElement(children[0]!) && children[0].name === 'div' && hasAttribute(children[0], 'data-guides-scope-selector') ? children[0] : undefined;
    if (!selector) {
      this.skip(node, 'A `<Panel>` other than the action/scope selector has no equivalent in a spec and was skipped.');
      return;
    }
    if (this.actions) {
      this.skip(node, 'A second action/scope selector has no place in a spec and was skipped.');
      return;
    }
    if (stringAttribute(selector, 'className') !== SELECTOR_CLASS) this.skip(selector, `The selector's \`className\` is not \`${SELECTOR_CLASS}\`; the spec renders that one.`);
    this.unexpectedAttributes(selector, ['className', 'data-guides-scope-selector', 'data-guide-actions-json']);
    const json = stringAttribute(selector, 'data-guide-actions-json');
    let actions: unknown;
    try {
      actions = JSON.parse(json ?? '');
    } catch {
      actions = undefined;
    }
    if (!isActionList(actions)) {
      this.skip(selector, 'The selector\'s `data-guide-actions-json` is not a list of `{ "id", "label", "scopes" }` and was skipped.', 'Operations declare their `scopes` in the spec; the selector is derived from them.');
      return;
    }
    this.actions = actions.map((action) => ({ id: action.id, label: action.label, scopes: action.scopes }));
  }

  // ─── Sections ───────────────────────────────────────────────────────────────

  private htmlSection(node: JsxElement): void {
    this.sawGuideSection = true;
    const scopes = splitScopes(stringAttribute(node, 'data-guide-scopes'));
    this.unexpectedAttributes(node, ['data-guide-section', 'data-guide-scopes']);
    const children = flattenElementRuns(flowChildren(node));
    const headingIndex = children.findIndex((child) => (isElement(child) && child.name === 'h2') || (child.type === 'heading' && child.depth === 2));
    const heading = children[headingIndex];
    if (!heading) {
      this.skip(node, 'A section without an `<h2>` heading has no equivalent in a spec and was skipped.');
      return;
    }
    for (const before of children.slice(0, headingIndex)) if (!isBlank(before)) this.skip(before, `${describeNode(before)} before the section heading has no place in a spec and was skipped.`);
    this.section(heading, children.slice(headingIndex + 1), scopes, node);
  }

  private markdownSection(heading: Mdast.Heading, body: readonly PageNode[]): void {
    this.section(heading, body, [], heading);
  }

  private section(heading: PageNode, body: readonly PageNode[], scopes: string[], at: PageNode): void {
    const stepsIndex = body.findIndex((child) => isElement(child) && child.name === 'Steps');
    const stepsNode = body[stepsIndex] as JsxElement | undefined;
    const introNodes = stepsIndex === -1 ? body : body.slice(0, stepsIndex);
    for (const after of stepsIndex === -1 ? [] : body.slice(stepsIndex + 1)) {
      if (!isBlank(after)) this.skip(after, `${describeNode(after)} after a section's steps has no place in a spec and was skipped.`, 'Move it into the last step, or into the next section\'s intro.');
    }
    const steps = stepsNode ? this.steps(stepsNode) : [];
    const intro = this.blocks.blocks(introNodes);
    // A section may be only a heading and its intro ("Before You Start"), but it must say something.
    if (steps.length === 0 && intro.length === 0) {
      this.skip(at, 'A section with neither steps nor text under its heading has no equivalent in a spec and was skipped.', 'A section in a spec has an `intro`, `steps`, or both.');
      return;
    }
    const headingChildren = isElement(heading) ? heading.children : (heading as Mdast.Heading).children;
    this.sections.push({ heading: plainText(headingChildren, heading, this, 'section heading'), intro, scopes, steps });
  }

  private steps(node: JsxElement): GuideStep[] {
    const steps: GuideStep[] = [];
    for (const child of flattenElementRuns(flowChildren(node))) {
      if (isElement(child) && child.name === 'Step') steps.push(this.step(child));
      else if (!isBlank(child)) this.skip(child, `${describeNode(child)} between steps has no place in a spec and was skipped.`);
    }
    return steps;
  }

  private step(node: JsxElement): GuideStep {
    const title = stringAttribute(node, 'title');
    if (title === undefined || title.trim() === '') this.skip(node, 'A step without a `title` has no equivalent in a spec; it was imported with the title `Step`.');
    this.unexpectedAttributes(node, ['title']);
    const children = flattenElementRuns(flowChildren(node)).filter((child) => !isBlank(child));
    const wrapper = children.length === 1 && isElement(children[0]!) && children[0].name === 'div' && hasAttribute(children[0], 'data-guide-step') ? children[0] : undefined;
    if (wrapper) this.unexpectedAttributes(wrapper, ['data-guide-step', 'data-guide-scopes', 'data-guide-display-scopes-list']);
    // A connector-profile step's last block may be the site's OAuth redirect URL: the spec says `redirectUrl: true`, the URL is the config's.
    const content = flattenElementRuns(wrapper ? flowChildren(wrapper) : children);
    const last = content.findLastIndex((child) => !isBlank(child));
    const redirect = last !== -1 && isRedirectUrlBlock(content[last]!);
    if (redirect) this.unexpectedAttributes(content[last] as JsxElement, ['data-guide-redirect-url']);
    return {
      title: title !== undefined && title.trim() !== '' ? title : 'Step',
      body: this.blocks.blocks(redirect ? content.slice(0, last) : content),
      scopes: wrapper ? splitScopes(stringAttribute(wrapper, 'data-guide-scopes')) : [],
      displayScopes: wrapper ? splitScopes(stringAttribute(wrapper, 'data-guide-display-scopes-list')) : [],
      ...(redirect ? { redirectUrl: true as const } : {}),
    };
  }

  // ─── The linking block ──────────────────────────────────────────────────────

  private htmlLinking(node: JsxElement): void {
    const children = flattenElementRuns(flowChildren(node));
    this.linkingBody(node, children.filter((child) => !(isElement(child) && child.name === 'h2')), true);
  }

  private markdownLinking(heading: Mdast.Heading, body: readonly PageNode[]): void {
    this.linkingBody(heading, body, false);
  }

  /** Only the field labels and the wrapper carry information; the rest is the docs site's fixed text. */
  private linkingBody(at: PageNode, body: readonly PageNode[], hideWhenWhitelabelled: boolean): void {
    if (this.linking) {
      this.skip(at, 'A second linking block has no place in a spec and was skipped.');
      return;
    }
    const fieldLabels: string[] = [];
    // No prototype: labels are page text, and `constructor` or `__proto__` must read as plain keys.
    const fieldChoices: Record<string, FieldChoices> = Object.create(null) as Record<string, FieldChoices>;
    const fieldDetails: Record<string, FieldDetails> = Object.create(null) as Record<string, FieldDetails>;
    for (const child of body) {
      if (!(isElement(child) && child.name === 'Steps')) continue;
      for (const step of flattenElementRuns(flowChildren(child))) {
        if (!isElement(step) || step.name !== 'Step') continue;
        const title = stringAttribute(step, 'title') ?? '';
        if (!LINKING_STEP_TITLES.has(title)) this.skip(step, `The linking step \`${title}\` is not one the compiler writes, so it was skipped.`, 'The linking block is generated; only its field list comes from the spec.');
        if (title === FIELDS_STEP_TITLE) {
          for (const text of this.fieldLabels(step)) {
            const field = readFieldItem(text);
            fieldLabels.push(field.label);
            if (field.choices !== undefined) fieldChoices[field.label] = field.choices;
            if (field.details !== undefined) fieldDetails[field.label] = field.details;
          }
        }
      }
    }
    this.linking = { hideWhenWhitelabelled, fieldLabels, fieldChoices, fieldDetails };
  }

  private fieldLabels(step: JsxElement): string[] {
    const labels: string[] = [];
    const visit = (nodes: readonly PageNode[]): void => {
      for (const node of nodes) {
        if (isElement(node) && node.name === 'li') {
          const label = textContent(node).replace(/\s+/g, ' ').trim();
          if (label !== '') labels.push(label);
        } else if (node.type === 'listItem') {
          const label = textContent(node).replace(/\s+/g, ' ').trim();
          if (label !== '') labels.push(label);
        } else if ('children' in node) visit(node.children as PageNode[]);
      }
    };
    visit(step.children);
    return labels;
  }

  private unexpectedAttributes(node: JsxElement, allowed: readonly string[]): void {
    for (const attribute of node.attributes) {
      const name = attribute.type === 'mdxJsxAttribute' ? attribute.name : '{…}';
      if (!allowed.includes(name)) this.skip(node, `The attribute \`${name}\` of \`<${node.name}>\` has no equivalent in a spec and was dropped.`);
    }
  }
}

/** `<p data-guide-redirect-url>…</p>`: where `build` shows the config's OAuth redirect URL. */
function isRedirectUrlBlock(node: PageNode): boolean {
  return isElement(node) && node.name === 'p' && hasAttribute(node, 'data-guide-redirect-url');
}

function startOf(node: PageNode): { line: number; column: number } {
  return { line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 };
}

/** Unwraps paragraphs that MDX made of block elements on their own lines. */
function flattenElementRuns(nodes: readonly PageNode[]): PageNode[] {
  return nodes.flatMap((node) => (node.type === 'paragraph' && isElementRun(node.children) ? node.children.filter((child) => !isBlank(child)) : [node]));
}

function endsMarkdownSection(node: PageNode): boolean {
  return (node.type === 'heading' && node.depth <= 2) || (isElement(node) && ((node.name === 'section' && hasAttribute(node, 'data-guide-section')) || (node.name === 'div' && hasAttribute(node, 'data-whitelabel-hide'))));
}

function isIndexPreamble(node: Mdast.Blockquote): boolean {
  const first = node.children[0];
  return first?.type === 'heading' && plainTextOf(first) === 'Documentation Index';
}

function isBlank(node: PageNode): boolean {
  return node.type === 'text' && node.value.trim() === '';
}

function plainTextOf(node: PageNode): string {
  return textContent(node).replace(/\s+/g, ' ').trim();
}

/**
 * Headings, titles and descriptions are plain text in a spec: formatting is
 * reported and its text kept.
 */
function plainText(children: readonly PageNode[], at: PageNode, reader: PageReader, what: string): string {
  const formatted = children.find((child) => child.type !== 'text');
  if (formatted) reader.skip(formatted, `Formatting in the ${what} has no equivalent in a spec; only its text was kept.`);
  return children.map(textContent).join('').replace(/\s+/g, ' ').trim() || (reader.skip(at, `The ${what} is empty.`), '');
}

function splitScopes(value: string | undefined): string[] {
  return value === undefined ? [] : value.split(/\s+/).filter((scope) => scope !== '');
}

const NODE_NAMES: Readonly<Record<string, string>> = {
  paragraph: 'A paragraph',
  list: 'A list',
  code: 'A code block',
  table: 'A table',
  blockquote: 'A block quote',
  thematicBreak: 'A horizontal rule',
  image: 'An image',
  html: 'Raw HTML',
  mdxjsEsm: 'An `import`/`export` statement',
  mdxFlowExpression: 'An `{expression}`',
};

function describeNode(node: PageNode): string {
  if (isElement(node)) return `\`<${node.name ?? ''}>\``;
  if (node.type === 'heading') return `A level-${node.depth} heading`;
  return NODE_NAMES[node.type] ?? `\`${node.type}\``;
}
