// The coverage page is tested in a real headless browser (Debian's chromium, driven by
// playwright-core). `pnpm test` installs it when it is missing and we may (root with apt-get), so
// the README's one test command does all the set-up; otherwise it says exactly what to run.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = existsSync('/usr/bin/apt-get');
  if (root && apt) {
    process.stderr.write('Installing Debian chromium for the browser test (apt-get)…\n');
    execFileSync('apt-get', ['update'], { stdio: ['ignore', 'ignore', 'inherit'] });
    execFileSync('apt-get', ['install', '-y', 'chromium'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  } else {
    process.stderr.write(
      `${CHROMIUM} is missing and cannot be installed here: run \`sudo apt-get install -y chromium\` (Debian) first; the coverage page test needs it.\n`,
    );
    process.exit(1);
  }
}
