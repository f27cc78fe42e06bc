/**
 * The OAuth redirect URL on connector-profile pages. It is a site setting
 * (`site.oauthRedirectUrl` in the config), never spec text: a profile guide's
 * step asks for it with `redirectUrl: true`, and the page shows the URL after
 * the step's body. Without the setting such a spec is a CC3060 error at the
 * step's `redirectUrl` key, and its profile page is not written.
 */
import { diagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { AuthMethod, ConnectorModel } from '../../model/connector-model.js';
import type { SiteOptions } from '../emitter.js';
import { renderInlines, type MarkupTarget } from './render-blocks.js';

/** The config key, as diagnostics and docs name it. */
export const REDIRECT_URL_CONFIG_KEY = 'site.oauthRedirectUrl';

/** The redirect URL of one method: the setting with `{connector}` and `{method}` filled in; other braces are left as written. */
export function redirectUrlOf(site: SiteOptions, model: ConnectorModel, method: AuthMethod): string | undefined {
  const setting = site.oauthRedirectUrl;
  if (setting === undefined) return undefined;
  return setting.replace(/\{(connector|method)\}/g, (_whole, key: 'connector' | 'method') => (key === 'connector' ? model.id : method.id));
}

/**
 * The block a step shows: the URL alone as inline code in a marked paragraph,
 * so a reader can select exactly the URL and a site script can add a copy
 * button (`[data-guide-redirect-url]`). The URL is written as any inline code
 * of the page is, through the one gate for it (`renderInlines`): backticks
 * (MDX renders `<code>`, and links nothing inside it), or in the `.md` export
 * a `<code>` element with character references when raw HTML would read it.
 */
export function renderRedirectUrl(url: string, target: MarkupTarget): string {
  return `<p data-guide-redirect-url>${renderInlines([{ type: 'inlineCode', value: url }], target)}</p>`;
}

/**
 * CC3060 for each step of a method's profile guide that asks for the redirect
 * URL when the site has none; empty when the setting is there. `index` is the
 * method's place in `model.authMethods` (the spec's `auth` order).
 */
export function missingRedirectUrl(model: ConnectorModel, method: AuthMethod, index: number, site: SiteOptions): Diagnostic[] {
  if (site.oauthRedirectUrl !== undefined) return [];
  return (method.profile?.guide?.sections ?? []).flatMap((section, s) =>
    section.steps.flatMap((step, t) =>
      step.redirectUrl !== true
        ? []
        : [
            diagnostic(
              'CC3060',
              'error',
              `Step \`${step.title}\` of the \`${method.id}\` connector profile shows the OAuth redirect URL, but the config sets no \`${REDIRECT_URL_CONFIG_KEY}\`.`,
              // Placed by path: `locateByPath` gives it the line and column of the `redirectUrl` value.
              { file: model.sourceFile, path: `/auth/${index}/profile/guide/sections/${s}/steps/${t}/redirectUrl` },
              `Set \`"site": { "oauthRedirectUrl": "https://…" }\` in the config to the callback URL admins register at the provider (\`{connector}\` and \`{method}\` are filled in), or remove \`redirectUrl\` from the step.`,
            ),
          ],
    ),
  );
}
