// Runs a command with the terminal's stdio and settles with its exit code. A
// command that cannot start (not installed, not executable) settles at once
// with 127, the shell's "not found", and says why: listening for `exit` alone
// would wait forever, since a process that never started never exits.
import { spawn } from 'node:child_process';

export function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
    child.once('error', (error) => {
      console.error(`${command} could not be started: ${error.message}`);
      resolve(127);
    });
    // `close`, not `exit`: the child's output has all been written by then.
    child.once('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
