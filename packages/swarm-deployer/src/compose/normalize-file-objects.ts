// secrets: and configs: (top level) → definitions. One that is not external
// needs file: (made absolute from the project directory) or, for a secret, a
// driver, not both.
import { resolve } from 'node:path';
import type { SourceLocation } from '../stack.js';
import type { FileObjectModel } from './compose-model.js';
import type { ComposeFileInput } from './compose-schema.js';
import { normalizeExternal } from './normalize-external.js';
import type { Normalized, Path, PathProblem } from './path-problem.js';
import { mapping } from './to-mapping.js';

export function normalizeFileObjects(
  section: 'secrets' | 'configs',
  definitions: ComposeFileInput['secrets'] | ComposeFileInput['configs'],
  context: { projectDir: string; source: (path: Path) => SourceLocation },
): Normalized<Record<string, FileObjectModel>> {
  const problems: PathProblem[] = [];
  const value: Record<string, FileObjectModel> = {};
  const kind = section === 'secrets' ? 'secret' : 'config';
  for (const [name, o] of Object.entries(definitions ?? {})) {
    const at = [section, name];
    const ext = normalizeExternal(o?.external);
    const driver = o && 'driver' in o ? (o.driver as string | undefined) : undefined;
    if (ext.name && o?.name)
      problems.push({
        path: at,
        message: `${kind}.external.name and ${kind}.name conflict; only use ${kind}.name`,
      });
    if (!ext.external && driver && o?.file)
      problems.push({
        path: at,
        message: `${kind}.driver and ${kind}.file conflict; only use ${kind}.driver`,
      });
    if (!ext.external && !driver && !o?.file)
      problems.push({ path: at, message: `a ${kind} needs file: (or external: true)` });
    value[name] = {
      name: o?.name ?? ext.name ?? (ext.external ? name : undefined),
      file: !ext.external && !driver && o?.file ? resolve(context.projectDir, o.file) : undefined,
      external: ext.external,
      labels: mapping(o?.labels, '=', false) as Record<string, string>,
      driver: driver as string | undefined,
      driver_opts:
        o && 'driver_opts' in o && o.driver_opts
          ? (mapping(o.driver_opts as Record<string, unknown>, '=', false) as Record<
              string,
              string
            >)
          : undefined,
      template_driver: o?.template_driver,
      source: context.source(at),
    };
  }
  return { value, problems };
}
