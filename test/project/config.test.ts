import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveBuildSettings } from '../../src/project/settings.js';
import { configToSettings, loadConfig } from '../../src/config/config-file.js';
import { cleanup, tempProject } from './helpers.js';

let root: string;
beforeEach(() => {
  root = tempProject('cc-config-');
});
afterEach(() => cleanup(root));

describe('loadConfig', () => {
  it('has defaults without a config file', async () => {
    expect(await loadConfig(root)).toEqual({ root, config: {}, diagnostics: [] });
    const settings = resolveBuildSettings(configToSettings({}, root));
    expect(settings).toMatchObject({ inputs: ['connectors'], outDir: path.join(root, 'generated'), outDirDisplay: 'generated', targets: ['clients', 'forms', 'docs'] });
  });

  it('reads every key of a JSON config, relative to its directory', async () => {
    const config = {
      $schema: './node_modules/connector-compiler/schema/config.json',
      input: 'specs/**/*.yaml',
      outDir: 'out',
      cacheDir: false,
      targets: ['docs'],
      templatesDir: 'templates',
      runtimeImport: '@acme/runtime',
      site: { platformName: 'Acme Hub', docsUrl: 'https://docs.acme.dev' },
      limits: { maxBytes: 1000 },
    };
    writeFileSync(path.join(root, 'connector-compiler.config.json'), JSON.stringify(config));
    const loaded = await loadConfig(root);
    expect(loaded.diagnostics).toEqual([]);
    const settings = resolveBuildSettings(configToSettings(loaded.config, loaded.root));
    expect(settings).toMatchObject({
      inputs: ['specs/**/*.yaml'],
      outDir: path.join(root, 'out'),
      cacheDir: undefined,
      targets: ['docs'],
      limits: { maxBytes: 1000 },
      emit: { templatesDir: path.join(root, 'templates'), runtimeImport: '@acme/runtime', site: { platformName: 'Acme Hub', docsUrl: 'https://docs.acme.dev' } },
    });
  });

  it('reads an .mjs config', async () => {
    writeFileSync(path.join(root, 'connector-compiler.config.mjs'), 'export default { outDir: "gen", site: { platformName: "X" } };\n');
    const loaded = await loadConfig(root);
    expect(loaded).toMatchObject({ file: path.join(root, 'connector-compiler.config.mjs'), config: { outDir: 'gen', site: { platformName: 'X' } }, diagnostics: [] });
  });

  it('reads a TypeScript config, types and all, and reports one that does not compile', async () => {
    const file = path.join(root, 'connector-compiler.config.ts');
    writeFileSync(
      file,
      [
        "import type { ProjectConfig } from 'connector-compiler';",
        "type Target = 'clients' | 'forms' | 'docs';",
        "const targets: Target[] = ['clients', 'forms'];",
        "export default { outDir: 'gen', targets, site: { platformName: 'X' } } satisfies ProjectConfig;",
        '',
      ].join('\n'),
    );
    const loaded = await loadConfig(root);
    expect(loaded).toMatchObject({ file, config: { outDir: 'gen', targets: ['clients', 'forms'], site: { platformName: 'X' } }, diagnostics: [] });

    writeFileSync(file, 'export default { outDir: "gen", targets: ["clients"] as const, unknownKey: 1 };\n');
    const unknown = await loadConfig(root);
    expect(unknown.diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([['CC5003', 'error', 'Unknown config key `unknownKey`.']]);

    writeFileSync(file, 'export default { outDir: "gen", \n');
    const broken = await loadConfig(root);
    expect(broken.diagnostics).toHaveLength(1);
    expect(broken.diagnostics[0]).toMatchObject({ code: 'CC5003', severity: 'error', file: 'connector-compiler.config.ts' });
    expect(broken.diagnostics[0]!.message).toMatch(/^Could not load `connector-compiler.config.ts`: /);
  });

  it('reloads an edited module config (watch mode re-reads it)', async () => {
    for (const name of ['connector-compiler.config.mjs', 'connector-compiler.config.ts']) {
      const file = path.join(root, name);
      writeFileSync(file, 'export default { outDir: "first" };\n');
      expect((await loadConfig(root, name)).config).toEqual({ outDir: 'first' });
      writeFileSync(file, 'export default { outDir: "second-edit" };\n');
      expect((await loadConfig(root, name)).config).toEqual({ outDir: 'second-edit' });
    }
  });

  it('warns about a second config file that is ignored', async () => {
    writeFileSync(path.join(root, 'connector-compiler.config.json'), '{ "outDir": "from-json" }');
    writeFileSync(path.join(root, 'connector-compiler.config.ts'), 'export default { outDir: "from-ts" };\n');
    const loaded = await loadConfig(root);
    expect(loaded.config).toEqual({ outDir: 'from-json' });
    expect(loaded.diagnostics.map((d) => [d.severity, d.file, d.message])).toEqual([['warning', 'connector-compiler.config.ts', '`connector-compiler.config.ts` is ignored: `connector-compiler.config.json` comes first.']]);
  });

  it('reports wrong types and bad JSON at their positions', async () => {
    const file = path.join(root, 'connector-compiler.config.json');
    writeFileSync(file, '{\n  "targets": ["clients", "pdf"],\n  "site": { "docsUrl": "docs.acme.dev" }\n}\n');
    const loaded = await loadConfig(root);
    expect(loaded.diagnostics.map((d) => [d.code, d.line, d.column, d.message])).toEqual([
      ['CC5003', 2, 3, 'Config key `targets` must be a non-empty array of `clients`, `forms`, `docs`.'],
      ['CC5003', 3, 13, 'Config key `site.docsUrl` must be an http(s) URL.'],
    ]);
    writeFileSync(file, '{\n  "outDir": "out",\n}\n');
    const bad = await loadConfig(root);
    expect(bad.diagnostics.map((d) => [d.code, d.line])).toEqual([['CC5003', 3]]);
    expect(bad.diagnostics[0]?.message).toMatch(/^`connector-compiler.config.json` is not valid JSON: /);
  });

  it('reports a missing --config file', async () => {
    const loaded = await loadConfig(root, 'nope.json');
    expect(loaded.diagnostics.map((d) => [d.code, d.message])).toEqual([['CC5003', 'Config file `nope.json` does not exist.']]);
  });
});
