import { diagnostic, type Diagnostic, type DiagnosticCode, type Severity } from '../diagnostics/diagnostic.js';
import type { SpecPath, SpecSourceMap } from '../load/source-map.js';
import { didYouMean } from '../diagnostics/suggest.js';
import { actionId } from './action-names.js';
import type { RawSpec } from './raw-spec.js';

/**
 * Rules linking guide sections and steps to the operations' permission
 * scopes, and the shape of a section:
 *
 * - a section without `steps` must have an `intro` (CC2002): it still has to say something;
 * - a scope a section or step grants that no operation needs is a warning (CC3040), at that scope,
 *   when some operation (or imported action) declares scopes at all;
 * - a scope an operation needs that no section or step of any guide grants is a warning (CC3041),
 *   at the operation's scope; checked only when the connector has a guide;
 * - an imported action (`api.importedActions`) that matches no operation, once the API is written (CC3042).
 */
export function checkGuideScopes(spec: RawSpec, context: { readonly file: string; readonly sourceMap: SpecSourceMap }): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (code: DiagnosticCode, severity: Severity, path: SpecPath, message: string, hint?: string) => {
    out.push(diagnostic(code, severity, message, { file: context.file, ...context.sourceMap.valueRange(path), path: `/${path.join('/')}` }, hint));
  };

  const needed = new Map<string, string>();
  (spec.api.operations ?? []).forEach((operation) => {
    for (const scope of operation.scopes ?? []) if (!needed.has(scope)) needed.set(scope, operation.id);
  });
  // An imported spec's actions stand in for the operations' scopes until some operation declares them.
  if (needed.size === 0) for (const action of spec.api.importedActions ?? []) for (const scope of action.scopes) if (!needed.has(scope)) needed.set(scope, action.id);
  // Once the API is written, every imported action should be one of its operations.
  if (spec.api.todo === undefined) {
    const ids = new Set((spec.api.operations ?? []).map((operation) => actionId(spec.id, operation.id)));
    (spec.api.importedActions ?? []).forEach((action, i) => {
      if (!ids.has(action.id)) {
        at('CC3042', 'warning', ['api', 'importedActions', i, 'id'], `Imported action \`${action.id}\` (\`${action.label}\`) matches no operation.`, `Action ids are \`${spec.id}_<operation id in snake_case>\`; write the operation, or move the action's scopes onto the operation that performs it, and delete \`importedActions\`.`);
      }
    });
  }

  const granted = new Set<string>();
  const grants: { scope: string; path: SpecPath; where: string }[] = [];
  let hasGuide = false;
  spec.auth.forEach((method, a) => {
    if (!method.guide) return;
    hasGuide = true;
    method.guide.sections.forEach((section, s) => {
      const sectionPath: SpecPath = ['auth', a, 'guide', 'sections', s];
      if (section.steps === undefined && section.intro === undefined) {
        at('CC2002', 'error', sectionPath, `Section \`${section.heading}\` has neither \`steps\` nor an \`intro\`.`, 'A section without steps is a heading and its text: add an `intro`, or `steps`.');
      }
      (section.scopes ?? []).forEach((scope, k) => grants.push({ scope, path: [...sectionPath, 'scopes', k], where: `Section \`${section.heading}\`` }));
      (section.steps ?? []).forEach((step, t) => {
        (step.scopes ?? []).forEach((scope, k) => grants.push({ scope, path: [...sectionPath, 'steps', t, 'scopes', k], where: `Step \`${step.title}\`` }));
      });
    });
  });

  for (const grant of grants) {
    granted.add(grant.scope);
    // A spec whose operations declare no scopes does not use the link (yet): its guide scopes are left alone.
    if (needed.size > 0 && !needed.has(grant.scope)) {
      const hint = didYouMean(grant.scope, [...needed.keys()]) ?? `Operations need ${[...needed.keys()].map((s) => `\`${s}\``).join(', ')}; fix the scope, or add it to the operations that need it.`;
      at('CC3040', 'warning', grant.path, `${grant.where} grants the scope \`${grant.scope}\`, which no operation needs.`, hint);
    }
  }
  if (hasGuide) {
    (spec.api.operations ?? []).forEach((operation, i) => {
      (operation.scopes ?? []).forEach((scope, k) => {
        if (!granted.has(scope)) {
          at('CC3041', 'warning', ['api', 'operations', i, 'scopes', k], `Operation \`${operation.id}\` needs the scope \`${scope}\`, which no guide step grants.`, 'List the scope in the `scopes` of the step (or section) where the reader grants it, so the scope selector can highlight that step.');
        }
      });
    });
  }
  return out;
}
