// The example's compose file, changed for a deploy across a cluster: the app service on every
// node (global, or one replica per node), and the edge proxy — the one service with a host port
// and a bind mount of the static files — kept on the manager the static files are synced to.
// A pure function of the file's text: the example is the one shipped in examples/django-app, so
// each change anchors on its exact lines and fails loudly when they moved.

const DJANGO_DEPLOY =
  '      endpoint_mode: dnsrr\n      replicas: 1\n      update_config:\n        parallelism: 1\n';
const EDGE_DEPLOY = '    deploy:\n      replicas: 1\n';

/**
 * @param {string} text the example's docker-compose.prod.yml
 * @param {{ mode: 'global' | 'replicated', nodes: number, parallelism?: number, edgeHostname: string }} options
 *   mode global: one django task per node; replicated: `nodes` replicas (Swarm spreads them);
 *   parallelism: django's update_config.parallelism (default: the example's 1; 0 = all at once);
 *   edgeHostname: the swarm hostname of the node the edge runs on (the static files' manager).
 */
export function clusterCompose(text, { mode, nodes, parallelism, edgeHostname }) {
  if (!['global', 'replicated'].includes(mode))
    throw new Error(`mode ${mode}: global or replicated`);
  if (!Number.isInteger(nodes) || nodes < 1) throw new Error(`nodes ${nodes}: a whole number ≥ 1`);
  if (parallelism !== undefined && !(Number.isInteger(parallelism) && parallelism >= 0))
    throw new Error(`parallelism ${parallelism}: a whole number ≥ 0`);
  if (!/^[A-Za-z0-9._-]+$/.test(edgeHostname ?? ''))
    throw new Error(`edge hostname ${JSON.stringify(edgeHostname)}: not a node hostname`);
  const djangoAt = once(
    text,
    DJANGO_DEPLOY,
    'the django service (endpoint_mode dnsrr, replicas 1, parallelism 1)',
  );
  const djangoDeploy = [
    '      endpoint_mode: dnsrr',
    mode === 'global' ? '      mode: global' : `      replicas: ${nodes}`,
    '      update_config:',
    `        parallelism: ${parallelism ?? 1}`,
    '',
  ].join('\n');
  let out = text.slice(0, djangoAt) + djangoDeploy + text.slice(djangoAt + DJANGO_DEPLOY.length);
  const edgeService = out.indexOf('\n  edge:\n');
  if (edgeService < 0) throw new Error('the example changed: no edge service');
  const edgeAt = out.indexOf(EDGE_DEPLOY, edgeService);
  if (edgeAt < 0)
    throw new Error('the example changed: the edge service has no "deploy: replicas: 1"');
  const insertAt = edgeAt + EDGE_DEPLOY.length;
  const placement = `      placement:\n        constraints:\n          - node.hostname == ${edgeHostname}\n`;
  out = out.slice(0, insertAt) + placement + out.slice(insertAt);
  return out;
}

/** The index of the only occurrence of `part` in `text`; throws when there is none or more. */
function once(text, part, what) {
  const at = text.indexOf(part);
  if (at < 0) throw new Error(`the example changed: ${what} not found`);
  if (text.indexOf(part, at + 1) >= 0) throw new Error(`the example changed: ${what} found twice`);
  return at;
}
