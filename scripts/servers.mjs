// Finds the servers and engines the tests run for real (redis-server for the
// gateway's replicas, in the Node tests and behind the browser tests' server;
// espeak-ng, the sandbox's speech engine for messenger processes), installs
// them from Debian when run as root, and otherwise says exactly what to install.
import { existsSync } from 'node:fs';
import { aptInstall } from './debian-packages.mjs';

export const SERVERS = {
  redis: { binary: '/usr/bin/redis-server', packages: ['redis-server'], for: "the gateway's Redis store and replicas" },
  espeak: { binary: '/usr/bin/espeak-ng', packages: ['espeak-ng'], for: "the sandbox's speech engine (messenger processes)" },
};

export function ensureServers(names = Object.keys(SERVERS)) {
  const missing = () => names.filter((name) => !existsSync(SERVERS[name].binary));
  if (missing().length) aptInstall(missing().flatMap((name) => SERVERS[name].packages), 'test servers');
  const still = missing();
  if (still.length) {
    const packages = still.flatMap((name) => SERVERS[name].packages).join(' ');
    console.error(`\nThe tests need ${still.map((name) => `${SERVERS[name].binary} (${SERVERS[name].for})`).join(' and ')}. Install with:\n  sudo apt-get update && sudo apt-get install -y ${packages}\n`);
    process.exit(1);
  }
}
