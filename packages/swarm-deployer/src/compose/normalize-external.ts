// external: of a top-level network, volume, secret or config: `true`, or the
// legacy { name } form, which also names the object.

export function normalizeExternal(value: boolean | { name?: string } | undefined): {
  external: boolean;
  name?: string | undefined;
} {
  return value === undefined
    ? { external: false }
    : typeof value === 'boolean'
      ? { external: value }
      : { external: true, name: value.name };
}
