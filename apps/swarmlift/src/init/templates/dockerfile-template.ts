export interface DockerfileTemplateValues {
  /** The folder of manage.py, POSIX style (`app` or `.`). */
  appDir: string;
  /** The project package whose wsgi module gunicorn serves (`core` → core.wsgi:application). */
  projectPackage: string;
}

/** `app/` → `app/`, `.` → `` (paths in COPY lines relative to the build context, the repository root). */
function prefix(appDir: string): string {
  const dir = appDir.replace(/^\.\/?/, '').replace(/\/+$/, '');
  return dir === '' ? '' : `${dir}/`;
}

/**
 * deployment/Dockerfile, generalised from the example app's: the project in
 * /app, its requirements installed, the entrypoint that waits for the
 * database, gunicorn serving the project's WSGI application on 8000.
 */
export function renderDockerfile(values: DockerfileTemplateValues): string {
  const dir = prefix(values.appDir);
  const source = dir === '' ? '.' : dir;
  return `# The app's image (written by \`swarmlift init\`): Python, the requirements,
# the Django project in /app, an entrypoint that waits for the database.
# swarmlift builds it with the repository root as the context and pushes it as
# \${REGISTRY}/\${IMAGE_NAME}/django-app:<short sha>.
ARG BASE_IMAGE=python:3.12-slim
FROM \${BASE_IMAGE}

# auto: pip install unless the base image already provides the requirements
# (checked by importing Django and gunicorn); 1: always; 0: never.
ARG INSTALL_REQUIREMENTS=auto

ENV PYTHONDONTWRITEBYTECODE=1 \\
    PYTHONUNBUFFERED=1

# \`python manage.py …\` also on bases that only have python3.
RUN command -v python >/dev/null || ln -s "$(command -v python3)" /usr/local/bin/python

WORKDIR /app
COPY ${dir}requirements.txt /app/requirements.txt
RUN if [ "$INSTALL_REQUIREMENTS" = 1 ] || { [ "$INSTALL_REQUIREMENTS" = auto ] && \\
        ! python3 -c "import django, gunicorn" 2>/dev/null; }; then \\
      pip install --no-cache-dir -r requirements.txt; \\
    fi

COPY deployment/entrypoint.sh /usr/local/bin/entrypoint.sh
RUN chmod 755 /usr/local/bin/entrypoint.sh
COPY ${source} /app/

EXPOSE 8000
ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]
CMD ["gunicorn", "${values.projectPackage}.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", "--access-logfile", "-"]
`;
}
