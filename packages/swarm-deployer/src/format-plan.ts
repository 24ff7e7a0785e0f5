import type { SpecChange } from './diff-spec.js';
import type { Plan } from './plan.js';

const SIGN = { create: '+', update: '~', unchanged: '=', remove: '-' } as const;

/**
 * The plan as text for a terminal or a CI log. Environment values and
 * secret/config contents are never printed: a changed variable reads
 * "(value changed)", a new secret version "(new content)".
 */
export function formatPlan(plan: Plan): string {
  const lines: string[] = [];
  lines.push(`Plan for stack ${plan.stack}${plan.prune ? ' (with prune)' : ''}:`);
  const section = (title: string, rows: string[]) => {
    if (rows.length === 0) return;
    lines.push('', `${title}:`, ...rows);
  };
  section(
    'Networks',
    plan.networks.map(
      (n) => `  ${SIGN[n.action]} ${n.name}${n.external ? ' (external)' : ''}${suffix(n.action)}`,
    ),
  );
  for (const [title, items] of [
    ['Secrets', plan.secrets],
    ['Configs', plan.configs],
  ] as const) {
    section(
      title,
      items.map((item) => {
        let note = suffix(item.action);
        if (item.action === 'create') note = ' (new content)';
        else if (item.action === 'remove') note = ' (old version, removed after the deploy)';
        return `  ${SIGN[item.action]} ${item.name}${item.external ? ' (external)' : ''}${note}`;
      }),
    );
  }
  const services: string[] = [];
  for (const service of plan.services) {
    const image = service.action === 'remove' ? '' : `  ${service.deployImage}`;
    services.push(`  ${SIGN[service.action]} ${service.name}${image}${suffix(service.action)}`);
    if (service.action === 'update')
      for (const change of service.changes) services.push(`      ${formatChange(change)}`);
  }
  section('Services', services);
  if (plan.warnings.length > 0) {
    lines.push('', 'Warnings:', ...plan.warnings.map((w) => `  ! ${w.message}`));
  }
  const count = (action: string) =>
    [...plan.networks, ...plan.secrets, ...plan.configs, ...plan.services].filter(
      (i) => i.action === action,
    ).length;
  lines.push(
    '',
    plan.unchanged
      ? 'No changes.'
      : `${count('create')} to create, ${count('update')} to update, ${count('remove')} to remove, ${count('unchanged')} unchanged.`,
  );
  return `${lines.join('\n')}\n`;
}

function suffix(action: string): string {
  return action === 'unchanged' ? ' (unchanged)' : action === 'remove' ? ' (remove)' : '';
}

function formatChange(change: SpecChange): string {
  if (change.sensitive) {
    const what = change.path.split('.').pop() ?? change.path;
    const verb = { added: 'added', removed: 'removed', changed: 'value changed' }[change.kind];
    return change.path.endsWith('.Env')
      ? `~ Env: order changed`
      : `${SIGN_OF[change.kind]} Env ${what} (${verb})`;
  }
  if (change.kind === 'added') return `+ ${change.path}: ${show(change.after)}`;
  if (change.kind === 'removed') return `- ${change.path}: ${show(change.before)}`;
  return `~ ${change.path}: ${show(change.before)} -> ${show(change.after)}`;
}

const SIGN_OF = { added: '+', removed: '-', changed: '~' } as const;

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}
