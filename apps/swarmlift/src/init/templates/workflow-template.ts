export interface WorkflowTemplateValues {
  /** The Swarm stack the workflow deploys. */
  stack: string;
  /** The folder of manage.py, POSIX style (`app` or `.`). */
  appDir: string;
}

/**
 * .github/workflows/deploy.yml: the guide's checks, then one deploy job with
 * the swarmlift action — exactly the example app's workflow
 * (examples/django-app/.github/workflows/deploy.yml, pinned by a unit test),
 * with this repository's stack and project folder filled in.
 */
export function renderWorkflow(values: WorkflowTemplateValues): string {
  const dir = values.appDir.replace(/^\.\/?/, '').replace(/\/+$/, '') || '.';
  return `# The guide's workflow, rewritten for swarmlift: its checks, then one deploy
# job that runs swarmlift's action (build and push, static files, env file,
# stack deploy with registry auth, wait, migrate, record).
# Secrets (Settings → Secrets and variables → Actions): SWARM_MANAGER_IP,
# SSH_USER, SSH_PRIVATE_KEY, SSH_HOST_KEY, SECRET_KEY, CI_SECRET_KEY, DB_NAME,
# DB_USER, DB_PASSWORD, DB_HOST, DB_PORT, REDIS_URI.
name: CI/CD

on:
  push:
    branches: [main]
  pull_request:

# The default for every job: read the code, nothing else.
permissions:
  contents: read

jobs:
  checks:
    runs-on: ubuntu-latest
    defaults:
      run:
        working-directory: ${dir}

    steps:
      - uses: actions/checkout@v4
      - name: Set up Python
        uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install dependencies
        run: |
          python -m pip install --upgrade pip
          pip install -r requirements.txt
      - name: Tests
        env:
          SECRET_KEY: \${{ secrets.CI_SECRET_KEY }}
        run: python manage.py check

  deploy:
    needs: [checks]
    # Pushes to main only. Pull requests (from forks above all) run the checks
    # and never this job, so no secret is reachable from their code.
    if: github.event_name == 'push' && github.ref == 'refs/heads/main'
    runs-on: ubuntu-latest
    # One deploy of the stack at a time; a newer push waits for the running
    # one instead of cancelling it halfway.
    concurrency:
      group: deploy-${values.stack}
      cancel-in-progress: false
    permissions:
      contents: read
      packages: write # push the image to ghcr.io with GITHUB_TOKEN
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
      - id: deploy
        uses: swarmlift/swarmlift@v1
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
            DEBUG=0
            DB_NAME=\${{ secrets.DB_NAME }}
            DB_USER=\${{ secrets.DB_USER }}
            DB_PASSWORD=\${{ secrets.DB_PASSWORD }}
            DB_HOST=\${{ secrets.DB_HOST }}
            DB_PORT=\${{ secrets.DB_PORT }}
            REDIS_URI=\${{ secrets.REDIS_URI }}
      - name: Deployed
        env:
          VERSION: \${{ steps.deploy.outputs.version }}
          DIGEST: \${{ steps.deploy.outputs.digest }}
        run: echo "deployed $VERSION ($DIGEST)"
`;
}
