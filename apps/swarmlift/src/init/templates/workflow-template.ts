export interface WorkflowTemplateValues {
  /** The Swarm stack the workflow deploys. */
  stack: string;
  /** The folder of manage.py, POSIX style (`app` or `.`). */
  appDir: string;
}

/**
 * .github/workflows/deploy.yml: the guide's checks, then one deploy job with
 * the swarmlift action — the same workflow as the example app's, with this
 * repository's stack and project folder filled in.
 */
export function renderWorkflow(values: WorkflowTemplateValues): string {
  const dir = values.appDir.replace(/^\.\/?/, '').replace(/\/+$/, '') || '.';
  const requirements = dir === '.' ? 'requirements.txt' : `${dir}/requirements.txt`;
  return `# Deploys every push to main to the swarm (written by \`swarmlift init\`).
# Add the secrets it reads in GitHub: Settings → Secrets and variables → Actions.
name: deploy

on:
  push:
    branches: [main]
  pull_request:

# Nothing more than reading the code, unless a job asks for it.
permissions:
  contents: read

jobs:
  checks:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install -r ${requirements}
      - run: python manage.py check
        working-directory: ${dir}

  deploy:
    needs: checks
    # Pushes to main only: pull requests (and forks' pull requests) never see the secrets.
    if: github.event_name == 'push' && github.ref == 'refs/heads/main'
    runs-on: ubuntu-latest
    # One deploy of the stack at a time; a newer push waits instead of cancelling.
    concurrency:
      group: deploy-${values.stack}
      cancel-in-progress: false
    permissions:
      contents: read
      packages: write
    steps:
      - uses: actions/checkout@v4
      - uses: swarmlift/swarmlift@v1
        with:
          registry: ghcr.io
          image-name: \${{ github.repository }}
          stack-name: ${values.stack}
          swarm-manager-ip: \${{ secrets.SWARM_MANAGER_IP }}
          ssh-user: \${{ secrets.SSH_USER }}
          ssh-private-key: \${{ secrets.SSH_PRIVATE_KEY }}
          ssh-host-key: \${{ secrets.SSH_HOST_KEY }}
          registry-username: \${{ github.actor }}
          registry-password: \${{ secrets.GITHUB_TOKEN }}
          env: |
            SECRET_KEY=\${{ secrets.SECRET_KEY }}
            DB_NAME=\${{ secrets.DB_NAME }}
            DB_USER=\${{ secrets.DB_USER }}
            DB_PASSWORD=\${{ secrets.DB_PASSWORD }}
            DB_HOST=\${{ secrets.DB_HOST }}
            DB_PORT=\${{ secrets.DB_PORT }}
            REDIS_URI=\${{ secrets.REDIS_URI }}
`;
}
