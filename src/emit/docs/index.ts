import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { AuthMethod, ConnectorModel, GuideModel } from '../../model/connector-model.js';
import type { EmitOptions, Emitter, OutputFile, PreparedEmitter } from '../emitter.js';
import { createLlmsEntryMemo, guideContext, guideSummary, llmsContext, overviewContext, overviewSummary, profileContext, profileSummary } from './page-data.js';
import { loadTemplates, type PageTemplate } from './templates.js';
import { memoizeIndex } from '../index-memo.js';
import { missingRedirectUrl } from './redirect-url.js';

/**
 * The guide-page emitter. Per connector: an overview page and, for every auth
 * method with a guide, `docs/connectors/<id>/guides/link-account/<method>.mdx`
 * plus its `.md` export, and for every OAuth 2.0 method whose profile has a
 * guide, `…/guides/connector-profile/<method>.mdx` and `.md`; across connectors: `docs/llms.txt`. Templates are
 * loaded and compiled once in `prepare`; pages are rendered from the model.
 */
export const docsEmitter: Emitter = {
  target: 'docs',
  prepare(options: EmitOptions): PreparedEmitter {
    const templates = loadTemplates(options.templatesDir);
    const site = options.site;
    const llmsEntries = createLlmsEntryMemo();

    const render = (files: OutputFile[], diagnostics: Diagnostic[], path: string, template: PageTemplate, context: object, subject: string): void => {
      const result = templates.render(template, context, subject);
      if (result.output !== undefined) files.push({ path, contents: result.output });
      // A broken partial fails the .mdx and the .md page alike: report it once.
      const failure = result.diagnostic;
      if (failure && !diagnostics.some((d) => JSON.stringify(d) === JSON.stringify(failure))) diagnostics.push(failure);
    };

    return {
      emitConnector(model: ConnectorModel) {
        const files: OutputFile[] = [];
        const diagnostics: Diagnostic[] = [];
        if (!templates.ok) return { files, diagnostics };
        const overview = overviewSummary(model, site);
        const overviewData = overviewContext(model, overview, site);
        const subject = `the overview of \`${model.id}\``;
        render(files, diagnostics, overview.mdxPath, 'overview.mdx.hbs', overviewData, subject);
        render(files, diagnostics, overview.mdPath, 'overview.md.hbs', overviewData, subject);
        for (const method of model.authMethods) {
          const page = guideSummary(model, method, site);
          if (!page || !hasGuide(method)) continue;
          const guideSubject = `the \`${method.id}\` guide of \`${model.id}\``;
          render(files, diagnostics, page.mdxPath, 'guide.mdx.hbs', guideContext(model, method, page, site, 'mdx'), guideSubject);
          // The .md export writes code that raw HTML would read as elements (see render-blocks.ts).
          render(files, diagnostics, page.mdPath, 'guide.md.hbs', guideContext(model, method, page, site, 'md'), guideSubject);
        }
        for (const [index, method] of model.authMethods.entries()) {
          const page = profileSummary(model, method, site);
          const guide = method.profile?.guide;
          if (!page || !guide) continue;
          // A step asks for the redirect URL and the site has none: the page would be wrong, so it is not written.
          const missing = missingRedirectUrl(model, method, index, site);
          diagnostics.push(...missing);
          if (missing.length > 0) continue;
          const profileSubject = `the \`${method.id}\` connector profile of \`${model.id}\``;
          render(files, diagnostics, page.mdxPath, 'profile.mdx.hbs', profileContext(model, method, guide, page, site, 'mdx'), profileSubject);
          render(files, diagnostics, page.mdPath, 'profile.md.hbs', profileContext(model, method, guide, page, site, 'md'), profileSubject);
        }
        return { files, diagnostics };
      },

      // llms.txt shows each connector's id, name and page summaries; template problems do not depend on the models.
      emitIndex: memoizeIndex(
        (model) => [model.id, model.name, overviewSummary(model, site), model.authMethods.map((method) => [guideSummary(model, method, site) ?? null, profileSummary(model, method, site) ?? null])],
        (models) => {
          // Template loading problems are reported once per build, here.
          const files: OutputFile[] = [];
          const diagnostics: Diagnostic[] = [...templates.diagnostics];
          if (templates.ok) render(files, diagnostics, 'docs/llms.txt', 'llms.txt.hbs', llmsContext(models, site, llmsEntries), 'llms.txt');
          return { files, diagnostics };
        },
      ),
    };
  },
};

function hasGuide(method: AuthMethod): method is AuthMethod & { readonly guide: GuideModel } {
  return method.guide !== undefined;
}
