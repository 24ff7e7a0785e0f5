import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describeIntegration, findRepoRoot, uniqueName } from '@swarmlift/testkit';
import { type BrowserContext, chromium, type Response } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type PreparedApp, prepareApp } from './support/app.js';
import { type CliResult, describeRun, runCli, summaryOf } from './support/cli.js';
import { cliEnv, createDatabase, type E2eTarget, e2eTarget } from './support/env.js';
import { expectNoSecrets } from './support/secrets.js';
import { cleanupTarget, liveStaticRelease, waitForVersion } from './support/stack.js';

/** Debian's Chromium, installed by scripts/testenv/up.sh (no browser download). */
const CHROMIUM = '/usr/bin/chromium';
/**
 * Headless, as root, on a machine without outside network: no sandbox, no GPU,
 * and none of Chromium's own background connections (they are refused here).
 */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Kept by CI as an artifact (see .github/workflows/ci.yml); the path is printed too. */
const RESULTS = join(findRepoRoot(), 'apps', 'swarmlift', '.test-results');
const ADMIN_CSS = 'admin/css/base.css';

/** The page's getComputedStyle, typed here: the test type-checks without the DOM library. */
interface StyledWindow {
  getComputedStyle(element: unknown): { backgroundColor: string; display: string };
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** `#417690` → `rgb(65, 118, 144)`, as getComputedStyle reports a colour. */
function hexToRgb(hex: string): string {
  const digits = hex.replace(/^#/, '');
  const full =
    digits.length === 3
      ? [...digits].map((d) => d + d).join('')
      : digits.slice(0, 6).padEnd(6, '0');
  const [r, g, b] = [0, 2, 4].map((at) => Number.parseInt(full.slice(at, at + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

/**
 * The example deployed for real, then the Django admin in a real browser
 * through the stack's nginx edge: the admin's CSS comes from the static
 * release swarmlift synced, and the superuser made by `swarmlift manage`
 * logs in.
 */
describeIntegration('the Django admin in Chromium, after swarmlift deploy', (env) => {
  let target: E2eTarget;
  let app: PreparedApp;
  let baseEnv: Record<string, string>;
  let profile: string;
  let context: BrowserContext | undefined;
  const superuser = {
    DJANGO_SUPERUSER_USERNAME: 'e2e-admin',
    DJANGO_SUPERUSER_EMAIL: 'e2e-admin@example.invalid',
    DJANGO_SUPERUSER_PASSWORD: `pw-${randomBytes(18).toString('base64url')}`,
  };

  const cli = async (args: string[], extra: Record<string, string> = {}): Promise<CliResult> => {
    const runEnv = { ...baseEnv, GITHUB_SHA: await app.sha(), ...extra };
    const result = await runCli(args, { cwd: app.dir, env: runEnv });
    expectNoSecrets(result.output, runEnv, [superuser.DJANGO_SUPERUSER_PASSWORD]);
    return result;
  };
  const label = (result: CliResult) => describeRun(result, { ...baseEnv, ...superuser });

  beforeAll(async () => {
    target = await e2eTarget(env, uniqueName('browser'));
    await createDatabase(env, target.database);
    app = await prepareApp('browser');
    baseEnv = await cliEnv(env, target);
    profile = await mkdtemp(join(tmpdir(), 'sltest-browser-profile-'));
  });

  afterAll(async () => {
    try {
      await context?.close();
      await cleanupTarget(env, target);
    } finally {
      await app?.remove();
      if (profile) await rm(profile, { recursive: true, force: true });
    }
  }, 180_000);

  let version: string;

  it('deploys the example and creates the superuser with manage -- createsuperuser --noinput', async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} (Debian's chromium, from up.sh)`).toBe(true);
    const deployed = await cli(['deploy', '--json']);
    expect(deployed.code, label(deployed)).toBe(0);
    version = String(summaryOf(deployed.stdout)?.version);
    await waitForVersion(target, version);
    expect(await liveStaticRelease(target)).toBe(version);

    // The credentials travel in the environment only, never in argv.
    const created = await cli(
      ['manage', '--json', '--', 'createsuperuser', '--noinput'],
      superuser,
    );
    expect(created.code, label(created)).toBe(0);
    expect(summaryOf(created.stdout), label(created)).toMatchObject({
      command: 'manage',
      status: 'ok',
    });
  }, 360_000);

  it("serves the admin's CSS from the synced release, logs the superuser in and shows the admin index", async () => {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 800 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const stylesheets: Response[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'stylesheet') stylesheets.push(response);
    });

    const login = await page.goto(`${target.edgeUrl}admin/login/?next=/admin/`);
    expect(login?.status()).toBe(200);
    await expect.poll(() => page.title()).toContain('Log in');

    // The stylesheet the browser applied is the release's file, byte for byte,
    // and nginx (not Django) served it from /static/.
    const release = await realpath(join(target.staticTarget, 'static'));
    expect(release.split('/').at(-1)).toBe(version);
    const base = stylesheets.find((response) => response.url().endsWith(`/static/${ADMIN_CSS}`));
    expect(
      base,
      `stylesheets: ${stylesheets.map((response) => response.url()).join(', ')}`,
    ).toBeDefined();
    if (!base) return;
    expect(base.url()).toBe(`${target.edgeUrl}static/${ADMIN_CSS}`);
    expect(base.status()).toBe(200);
    expect(base.headers().server).toBe('nginx');
    const onDisk = await readFile(join(release, ADMIN_CSS));
    expect(sha256(await base.body()), `served = ${join(release, ADMIN_CSS)}`).toBe(sha256(onDisk));

    // …and the browser applied it: the header takes the colour and layout
    // base.css gives it (an unstyled <div> is a transparent block).
    const secondary = /--secondary:\s*(#[0-9a-fA-F]{3,8})/.exec(onDisk.toString('utf8'))?.[1];
    expect(secondary, `--secondary in ${ADMIN_CSS}`).toBeDefined();
    const header = await page.locator('#header').evaluate((element) => {
      const style = (globalThis as unknown as StyledWindow).getComputedStyle(element);
      return { background: style.backgroundColor, display: style.display };
    });
    expect(header).toEqual({ background: hexToRgb(secondary ?? ''), display: 'flex' });

    await mkdir(RESULTS, { recursive: true });
    const loginShot = join(RESULTS, 'admin-login.png');
    await page.screenshot({ path: loginShot, fullPage: true });

    await page.fill('#id_username', superuser.DJANGO_SUPERUSER_USERNAME);
    await page.fill('#id_password', superuser.DJANGO_SUPERUSER_PASSWORD);
    await Promise.all([
      page.waitForURL(`${target.edgeUrl}admin/`),
      page.click('#login-form [type=submit]'),
    ]);
    await expect.poll(() => page.title()).toContain('Site administration');
    expect(await page.locator('#content h1').textContent()).toBe('Site administration');
    expect(await page.locator('#user-tools strong').textContent()).toBe(
      superuser.DJANGO_SUPERUSER_USERNAME,
    );
    // The example's own model is there, linked.
    expect(await page.locator('a[href="/admin/hits/hit/"]').first().textContent()).toBe('Hits');
    // Still styled after the login.
    expect(
      await page
        .locator('#header')
        .evaluate(
          (element) => (globalThis as unknown as StyledWindow).getComputedStyle(element).display,
        ),
    ).toBe('flex');

    const indexShot = join(RESULTS, 'admin.png');
    await page.screenshot({ path: indexShot, fullPage: true });
    console.log(
      `[browser] screenshots: ${[loginShot, indexShot].map((path) => relative(findRepoRoot(), path)).join(', ')}`,
    );
    expect((await readFile(indexShot)).subarray(1, 4).toString()).toBe('PNG');
  }, 120_000);
});
