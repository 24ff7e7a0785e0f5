import { packageVitestConfig } from '../../vitest.shared.js';

// The end-to-end files spend most of their time waiting for Swarm (healthchecks,
// update monitors), so two run side by side, each with its own stacks. The
// publish test runs `pnpm release`, whose build rewrites the dist the others
// run, so it runs alone, after them.
export default packageVitestConfig({
  integrationFiles: 2,
  integrationAlone: ['test/publish.integration.test.ts'],
});
