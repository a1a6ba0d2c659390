// Installs Debian packages the tests need (browsers, redis-server) when run as
// root, once per `npm test`; otherwise the caller says exactly what to install.
// Nothing is ever downloaded by npm for them.
import { spawnSync } from 'node:child_process';

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** apt-get install of `packages` (as root, unless JODO_NO_APT=1); true when it ran without failing. */
export function aptInstall(packages, why) {
  if (!packages.length || !isRoot() || process.env.JODO_NO_APT === '1') return false;
  // apt-get update is run once per `npm test`, not again by each script it starts.
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  console.log(`Installing ${why} from Debian: ${packages.join(' ')}`);
  if (process.env.JODO_APT_UPDATED !== '1') {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    process.env.JODO_APT_UPDATED = '1';
  }
  const install = spawnSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
  if (install.status !== 0) console.error(`apt-get could not install ${packages.join(' ')}.`);
  return install.status === 0;
}
