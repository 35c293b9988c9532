import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const eslint = new ESLint({ cwd: root });

/** Lints one import line as if it were written in `file` (the file need not exist). */
async function importErrors(file: string, specifier: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import { x } from '${specifier}';\nexport const y = x;\n`, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering enforced by npm run lint', () => {
  it.each([
    ['the core imports a provider', 'main/core/http/planted.ts', '../../providers/parapheur/client.js'],
    ['the core imports a simulator', 'main/core/http/planted.ts', '../../sandbox/parapheur/index.js'],
    ['the core imports the composition root', 'main/core/planted.ts', '../composition.js'],
    ['a provider imports its simulator', 'main/providers/parapheur/service/planted.ts', '../../../sandbox/parapheur/index.js'],
    ['a provider imports another provider', 'main/providers/parapheur/planted.ts', '../otherprovider/client.js'],
    ['a provider service imports another provider', 'main/providers/parapheur/service/planted.ts', '../../otherprovider/service/x.js'],
    ['a provider reads the registry', 'main/providers/parapheur/planted.ts', '../registry.js'],
    ['a simulator imports a provider', 'main/sandbox/parapheur/planted.ts', '../../providers/parapheur/xml.js'],
    ['shared imports main', 'shared/domain/planted.ts', '../../main/core/log/logger.js'],
    ['shared imports the renderer', 'shared/ipc/planted.ts', '../../renderer/bridge/index.js'],
    ['the renderer imports main', 'renderer/features/planted.ts', '../../main/core/log/logger.js'],
    ['a feature imports another feature', 'renderer/features/journal/planted.ts', '../parapheur/documents/documentQuery.js'],
    ['a nested feature file imports another feature', 'renderer/features/parapheur/deposit/planted.tsx', '../../id360/module.js'],
    ['a feature reaches another feature through renderer/', 'renderer/features/parapheur/deposit/planted.ts', '../../../features/id360/module.js'],
    ['a feature imports the renderer entry point', 'renderer/features/parapheur/planted.ts', '../../main.js'],
    ['the kit imports a feature', 'renderer/components/planted.tsx', '../features/parapheur/i18n/index.js'],
    ['the kit viewer imports a feature', 'renderer/components/viewer/planted.ts', '../../features/parapheur/module.js'],
  ])('refuses a wrong-way import: %s', async (_what, file, specifier) => {
    expect(await importErrors(file, specifier)).not.toEqual([]);
  });

  it.each([
    ['a provider imports core', 'main/providers/parapheur/planted.ts', '../../core/http/httpClient.js'],
    ['a provider imports shared', 'main/providers/parapheur/planted.ts', '../../../shared/domain/providers.js'],
    ['a provider service imports its own folder', 'main/providers/parapheur/service/planted.ts', '../../parapheur/client.js'],
    ['a provider service imports core', 'main/providers/parapheur/service/planted.ts', '../../../core/http/httpClient.js'],
    ['a simulator imports core', 'main/sandbox/parapheur/planted.ts', '../../core/simulators/simulatedEndpoint.js'],
    ['the core imports shared', 'main/core/settings/planted.ts', '../../../shared/domain/settings.js'],
    ['the registry imports a provider', 'main/providers/registry.ts', './parapheur/module.js'],
    ['a feature imports the kit', 'renderer/features/parapheur/deposit/planted.tsx', '../../../components/ModalDialog.js'],
    ['a feature imports the kit viewer', 'renderer/features/id360/planted.tsx', '../../components/viewer/OpenPdfButton.js'],
    ['a feature imports its own folder', 'renderer/features/parapheur/deposit/planted.ts', '../documents/documentQuery.js'],
    ['a feature imports app', 'renderer/features/journal/planted.ts', '../../app/ipcFailure.js'],
    ['a feature imports the bridge', 'renderer/features/id360/planted.ts', '../../bridge/index.js'],
    ['a feature imports i18n', 'renderer/features/parapheur/i18n/planted.ts', '../../../i18n/index.js'],
    ['a feature imports shared', 'renderer/features/parapheur/documents/planted.ts', '../../../../shared/domain/parapheur.js'],
    ['the kit imports app', 'renderer/components/planted.tsx', '../app/store/toastStore.js'],
    ['the app imports a feature', 'renderer/app/planted.ts', '../features/parapheur/module.js'],
  ])('accepts the right-way import: %s', async (_what, file, specifier) => {
    expect(await importErrors(file, specifier)).toEqual([]);
  });
});
