// The CLI's transformMappingOrList and fmt.Sprint, shared by every mapping
// field (environment, labels, sysctls, options, driver_opts).

/** Go's fmt.Sprint for the scalars left after parsing (numbers in string mappings are already text). */
export function goString(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

/** The CLI's transformMappingOrList: a mapping, or a list of "KEY<sep>value" (a bare KEY is null when allowNull, else ""). */
export function mapping(
  value: Record<string, unknown> | string[] | null | undefined,
  separator: string,
  allowNull: boolean,
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  if (!value) return out;
  if (Array.isArray(value)) {
    for (const item of value) {
      const at = item.indexOf(separator);
      if (at === -1) out[item] = allowNull ? null : '';
      else out[item.slice(0, at)] = item.slice(at + separator.length);
    }
    return out;
  }
  for (const [key, v] of Object.entries(value)) {
    out[key] = v === null || v === undefined ? (allowNull ? null : '') : goString(v);
  }
  return out;
}
