import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildCoverage,
  CELL_STATUSES,
  type CoverageReport,
} from '../src/coverage/coverage-model.js';
import { renderCoverageHtml } from '../src/coverage/render-html.js';
import { generatedOrganization, NOW } from './coverage-data.js';

/** Debian's chromium; `.ci/run` installs it when missing. */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Kept after the run for people to look at (gitignored). */
const artifacts = join(import.meta.dirname, '..', 'test-artifacts');

let browser: Browser;
let report: CoverageReport;
let pageUrl: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does this)`);
  }
  const org = generatedOrganization(1000);
  report = buildCoverage({
    accounts: org.accounts,
    instances: org.instances,
    heartbeats: org.heartbeats,
    regions: org.regions,
    managementAccountId: '111111111111',
    stackSet: 'trailwatch-member',
    now: NOW,
  });
  mkdirSync(artifacts, { recursive: true });
  const file = join(artifacts, 'coverage.html');
  writeFileSync(file, renderCoverageHtml(report));
  pageUrl = pathToFileURL(file).href;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

async function open() {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(pageUrl);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
  return { page, requests, errors };
}

async function counts(page: Awaited<ReturnType<typeof open>>['page']) {
  const read = async (id: string) =>
    Number((await page.textContent(`#n-${id}`))?.replace(/,/g, ''));
  return {
    accounts: await read('accounts'),
    covered: await read('covered'),
    uncovered: await read('uncovered'),
    cells: Object.fromEntries(
      await Promise.all(CELL_STATUSES.map(async (s) => [s, await read(s)] as const)),
    ),
    rows: await page.locator('#rows .row').count(),
  };
}

describe('Coverage page in headless Chromium', () => {
  it('renders 1,000 accounts × 17 regions with counts that match the data, offline', async () => {
    const { page, requests, errors } = await open();
    expect(errors).toEqual([]);
    expect(report.summary.accounts).toBe(1000);
    const shown = await counts(page);
    expect(shown).toEqual({
      accounts: report.summary.accounts,
      covered: report.summary.covered,
      uncovered: report.summary.uncovered,
      cells: report.summary.cells,
      rows: 1000,
    });
    expect(await page.locator('#rows .cells i').count()).toBe(1000 * 17);
    // Problems first: the page starts with the accounts that have no instance at all.
    const first = await page.locator('#rows .row').first().getAttribute('data-account');
    expect(first).toBe(report.accounts[0]?.id);
    expect(report.accounts[0]?.hasInstance).toBe(false);
    // Nothing but the file itself was requested: no network, no external assets.
    expect(requests).toEqual([pageUrl]);
    await page.screenshot({ path: join(artifacts, 'coverage.png') });
    await page.close();
  }, 60_000);

  it('filters by OU (nested OUs included) and by status, and the counts follow', async () => {
    const { page } = await open();
    await page.selectOption('#ou', 'Root/Prod');
    const prod = report.accounts.filter(
      (a) => a.ouPath === 'Root/Prod' || a.ouPath.startsWith('Root/Prod/'),
    );
    let shown = await counts(page);
    expect(shown.rows).toBe(prod.length);
    expect(shown.accounts).toBe(prod.length);
    expect(shown.uncovered).toBe(prod.filter((a) => !a.covered).length);
    expect(shown.cells.missing).toBe(
      prod.reduce(
        (n, a) => n + Object.values(a.cells).filter((c) => c.status === 'missing').length,
        0,
      ),
    );

    await page.selectOption('#status', 'failed');
    const prodFailed = prod.filter((a) =>
      Object.values(a.cells).some((c) => c.status === 'failed'),
    );
    shown = await counts(page);
    expect(shown.rows).toBe(prodFailed.length);
    expect(prodFailed.length).toBeGreaterThan(0);
    expect(
      await page.locator('#rows .row').first().locator('i[data-status="failed"]').count(),
    ).toBeGreaterThan(0);
    // The filter is in the URL fragment, so the view can be shared.
    expect(new URL(page.url()).hash).toBe('#ou=Root%2FProd&status=failed');
    await page.screenshot({ path: join(artifacts, 'coverage-prod-failed.png') });

    await page.selectOption('#ou', '');
    await page.selectOption('#status', 'uncovered');
    await page.selectOption('#sort', 'name');
    shown = await counts(page);
    expect(shown.rows).toBe(report.summary.uncovered);
    const names = await page.locator('#rows .row > div:nth-child(2)').allTextContents();
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));

    await page.fill('#search', 'no-such-account');
    expect((await counts(page)).rows).toBe(0);
    expect(await page.isVisible('#empty')).toBe(true);
    await page.close();
  }, 60_000);
});
