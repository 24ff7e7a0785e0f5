// The short volume syntax as the CLI's loader reads it (loader/volume.go):
// "target" (anonymous volume), "source:target[:options]" where a source that
// starts with ".", "/" or "~" is a bind mount and anything else a named
// volume; options "ro", "rw", "nocopy" and a bind propagation; other options
// are ignored, as the CLI does.

export interface ServiceVolume {
  type: string;
  source?: string;
  target: string;
  read_only?: boolean;
  consistency?: string;
  bind?: { propagation?: string };
  volume?: { nocopy?: boolean };
  tmpfs?: { size?: number };
}

const PROPAGATIONS = ['rprivate', 'private', 'rshared', 'shared', 'rslave', 'slave'];

function isFilePath(source: string): boolean {
  if (source === '.' || source === '..') return true;
  return (
    source.startsWith('.') ||
    source.startsWith('/') ||
    source.startsWith('~') ||
    source.startsWith('\\\\') ||
    /^[a-z]:/i.test(source)
  );
}

/** Returns the volume, or a message saying what is wrong. */
export function parseVolumeSpec(spec: string): ServiceVolume | string {
  if (spec.length === 0) return 'invalid empty volume spec';
  if (spec.length <= 2) return { type: 'volume', target: spec };
  // A Windows drive ("C:") is part of a path, not a separator.
  const sections: string[] = [];
  let buffer = '';
  for (let i = 0; i < spec.length; i++) {
    const c = spec[i] as string;
    if (c === ':' && !(buffer.length === 1 && /[a-z]/i.test(buffer))) {
      sections.push(buffer);
      buffer = '';
    } else {
      buffer += c;
    }
  }
  sections.push(buffer);
  if (sections.some((s) => s === '')) return `invalid spec "${spec}": empty section between colons`;
  if (sections.length > 3) return `invalid spec "${spec}": too many colons`;
  if (sections.length === 1) return { type: 'volume', target: spec };
  const [source = '', target = '', options] = sections;
  const volume: ServiceVolume = { type: isFilePath(source) ? 'bind' : 'volume', source, target };
  for (const option of options?.split(',') ?? []) {
    if (option === 'ro') volume.read_only = true;
    else if (option === 'rw') volume.read_only = false;
    else if (option === 'nocopy') volume.volume = { nocopy: true };
    else if (PROPAGATIONS.includes(option)) volume.bind = { propagation: option };
  }
  return volume;
}
