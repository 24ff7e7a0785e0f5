/**
 * A stack name from a repository's folder or `owner/repo`: its last part,
 * lowercased, with anything but letters, digits, `_` and `-` replaced by `-`
 * (Swarm's rule for stack names); `app` when nothing is left.
 */
export function stackNameFrom(name: string): string {
  const last = name.replace(/\/+$/, '').split('/').at(-1) ?? '';
  const cleaned = last
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
  return cleaned === '' ? 'app' : cleaned.slice(0, 63);
}
