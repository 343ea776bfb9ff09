// Which Chromium the browser tests drive. One finder, used by `scripts/preflight.mjs --test` (which prints the choice,
// or stops with the install command) and by playwright.config.ts (which launches it), so both pick the same binary.
// Dependency-free: it runs before `npm ci` on a fresh clone.
import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir, platform } from 'node:os';
import { delimiter, join } from 'node:path';

const executable = (file) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};
const onPath = (name) => (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, name)).find(executable);

/** Playwright's own downloads (`npx playwright install chromium`), newest first. */
function playwrightBrowsers() {
  const os = platform();
  const cache =
    process.env.PLAYWRIGHT_BROWSERS_PATH ||
    (os === 'darwin' ? join(homedir(), 'Library/Caches/ms-playwright') : os === 'win32' ? join(process.env.LOCALAPPDATA ?? homedir(), 'ms-playwright') : join(homedir(), '.cache/ms-playwright'));
  let dirs;
  try {
    dirs = readdirSync(cache).filter((d) => /^chromium(_headless_shell)?-\d+$/.test(d));
  } catch {
    return [];
  }
  const revision = (d) => Number(d.split('-').pop());
  const inside = {
    linux: ['chrome-linux64/chrome', 'chrome-linux/chrome', 'chrome-headless-shell-linux64/chrome-headless-shell', 'chrome-linux/headless_shell'],
    darwin: ['chrome-mac/Chromium.app/Contents/MacOS/Chromium', 'chrome-mac-arm64/Chromium.app/Contents/MacOS/Chromium', 'chrome-mac-x64/Chromium.app/Contents/MacOS/Chromium'],
    win32: ['chrome-win64/chrome.exe', 'chrome-win/chrome.exe'],
  }[os] ?? [];
  // Full Chromium before the headless shell, newest revision first.
  dirs.sort((a, b) => Number(a.includes('headless')) - Number(b.includes('headless')) || revision(b) - revision(a));
  return dirs.flatMap((d) => inside.map((f) => join(cache, d, f)));
}

/**
 * The Chromium to use: `{ path, source }`, or `{ error }` naming what is wrong.
 * Order: CHROMIUM_PATH, the system's Chromium, Google Chrome, Playwright's installed browsers.
 */
export function findChromium() {
  const chosen = process.env.CHROMIUM_PATH;
  if (chosen) return executable(chosen) ? { path: chosen, source: 'CHROMIUM_PATH' } : { error: `CHROMIUM_PATH=${chosen} is not an executable file.` };
  const system = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'].map(onPath);
  const fixed = {
    linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium', '/usr/bin/google-chrome', '/opt/google/chrome/chrome'],
    darwin: ['/Applications/Chromium.app/Contents/MacOS/Chromium', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'],
    win32: [join(process.env.PROGRAMFILES ?? 'C:\\Program Files', 'Google/Chrome/Application/chrome.exe')],
  }[platform()] ?? [];
  const installed = [...system, ...fixed].find((p) => p && executable(p));
  if (installed) return { path: installed, source: 'system' };
  const downloaded = playwrightBrowsers().find(executable);
  return downloaded ? { path: downloaded, source: "Playwright's download" } : { error: 'No Chromium or Chrome found.' };
}

/** The one command that installs Chromium on this machine. */
export function installCommand() {
  const os = platform();
  if (os === 'darwin') return 'brew install --cask chromium';
  if (os === 'win32') return 'winget install Google.Chrome';
  let release = '';
  if (existsSync('/etc/os-release')) release = readFileSync('/etc/os-release', 'utf8');
  const field = (name) => release.match(new RegExp(`^${name}="?([^"\\n]*)`, 'm'))?.[1] ?? '';
  const ids = `${field('ID')} ${field('ID_LIKE')}`.split(/\s+/);
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  // Ubuntu's `chromium` package name is `chromium-browser` (a snap underneath).
  if (ids.includes('ubuntu')) return `${sudo}apt-get install -y chromium-browser`;
  if (ids.includes('debian')) return `${sudo}apt-get install -y chromium`;
  if (ids.some((id) => ['fedora', 'rhel', 'centos'].includes(id))) return `${sudo}dnf install -y chromium`;
  if (ids.includes('arch')) return `${sudo}pacman -S --noconfirm chromium`;
  if (ids.includes('alpine')) return `${sudo}apk add chromium`;
  if (ids.some((id) => id.includes('suse'))) return `${sudo}zypper install -y chromium`;
  return "your system's package manager (package `chromium`), or `npx playwright install chromium`";
}
