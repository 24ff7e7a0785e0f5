// ports: → port configs. The long syntax is taken as written (published
// checked as a port number); the short one is parsed by parsePortSpec.
import type { ServiceInput } from './compose-schema.js';
import { type PortConfig, parsePortSpec } from './parse-port-spec.js';
import type { Normalized, Path, PathProblem } from './path-problem.js';

export function normalizePorts(ports: ServiceInput['ports'], at: Path): Normalized<PortConfig[]> {
  const problems: PathProblem[] = [];
  const value: PortConfig[] = [];
  ports?.forEach((port, index) => {
    if (typeof port === 'object') {
      const published = port.published === undefined ? 0 : Number(port.published);
      if (!Number.isInteger(published) || published < 0 || published > 65535) {
        problems.push({
          path: [...at, 'ports', index, 'published'],
          message: `"${port.published}" is not a port number`,
        });
      }
      value.push({
        protocol: port.protocol ?? '',
        target: port.target,
        published,
        mode: port.mode ?? '',
      });
      return;
    }
    const parsed = parsePortSpec(String(port));
    if (typeof parsed === 'string')
      problems.push({ path: [...at, 'ports', index], message: parsed });
    else value.push(...parsed);
  });
  return { value, problems };
}
