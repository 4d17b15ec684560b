// Finds the Chromium the browser tests and scripts drive: $CHROME_PATH, else Debian's.
import { existsSync } from 'node:fs';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Path of the Chromium executable, or throws saying how to get one. */
export function chromiumPath() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROME_PATH is set to '${fromEnv}', but no file is there.`);
    return fromEnv;
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      'No Chromium found for the browser tests. Install it (Debian: `apt-get install chromium fonts-noto-cjk`) ' +
        `or set CHROME_PATH to a Chromium/Chrome executable. Looked in: ${CANDIDATES.join(', ')}.`,
    );
  }
  return found;
}
