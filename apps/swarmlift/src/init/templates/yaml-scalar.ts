/** A YAML scalar for `value`: as it is when plain YAML reads it back unchanged, else double-quoted. */
export function yamlScalar(value: string): string {
  return /^[A-Za-z0-9_./-]+$/.test(value) &&
    !/^(true|false|yes|no|on|off|null|~|[\d.]+)$/i.test(value)
    ? value
    : JSON.stringify(value);
}
