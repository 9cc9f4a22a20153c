#!/usr/bin/env node
'use strict';
// Runs QueryLens on the bundle npm installed for this platform (the optional dependency
// @querylens/<platform>: a Java runtime made by jlink, the jar and a launcher), so no JDK is needed.
// bin/querylens, the package's command, execs the bundle directly where a node_modules directory
// holds it; this script is for the rest: a layout only Node's resolution finds (Yarn Plug'n'Play),
// a platform without sh, and saying which bundle is missing.
// It adds nothing to what QueryLens writes: the JVM inherits this process's stdin, stdout and
// stderr, its exit code becomes this process's, the signals below sent to this process are passed
// on to it, and a JVM killed by a signal ends this process by the same signal. What it cannot pass
// on is a signal its starter ignored (nohup): Node resets those at start.
const { spawn } = require('child_process');
const path = require('path');

const platform = `${process.platform}-${process.arch}`;
const bundlePackage = `@querylens/${platform}`;

function fail(message) {
  // exit code 2, as QueryLens itself gives for a configuration it cannot run with
  process.stderr.write(`querylens: ${message}\n`);
  process.exit(2);
}

function bundleDirectory() {
  try {
    return path.dirname(require.resolve(`${bundlePackage}/package.json`));
  } catch (e) {
    const shipped = Object.keys(require('../package.json').optionalDependencies || {})
      .map((name) => name.replace('@querylens/', ''));
    const why = shipped.includes(platform)
      ? `npm did not install it (an install with --omit=optional or --no-optional skips it; reinstall without)`
      : `this release ships bundles for ${shipped.join(', ')} only`;
    return fail(`no QueryLens bundle for ${platform}: ${bundlePackage} is not installed, ${why}. `
      + `With Java 17 or newer, the jar runs anywhere: java -jar querylens.jar (README, "Try it").`);
  }
}

const bundle = bundleDirectory();
const java = path.join(bundle, 'runtime', 'bin', process.platform === 'win32' ? 'java.exe' : 'java');
const jar = path.join(bundle, 'lib', 'querylens.jar');
// the JVM options of the bundle's launcher (and bin/querylens in the repository): the JIT's first tier only
// (benchmarks/README.md, "Cold start"), then the user's QUERYLENS_JAVA_OPTS, split as sh would
const userOptions = (process.env.QUERYLENS_JAVA_OPTS || '').split(/\s+/).filter((option) => option !== '');
const args = ['-XX:TieredStopAtLevel=1', ...userOptions, '-jar', jar, ...process.argv.slice(2)];

const child = spawn(java, args, { stdio: 'inherit', windowsHide: true });

// Passed on rather than acted on: the JVM decides what a signal means (SIGINT and SIGTERM run its
// shutdown and exit 130 and 143; SIGQUIT prints a thread dump and goes on). A Ctrl-C at a terminal
// reaches both processes; the JVM then sees it twice, which is the same as once while it shuts down.
const forwarded = process.platform === 'win32'
  ? ['SIGINT', 'SIGBREAK']
  : ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];
for (const signal of forwarded) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
    }
  });
}

child.on('error', (error) => {
  fail(`cannot run the bundled Java runtime ${java}: ${error.message}`);
});

child.on('exit', (code, signal) => {
  if (signal === null) {
    process.exit(code);
  }
  // the JVM died of a signal (SIGKILL, SIGSEGV...): die of the same one, so the caller's $? and
  // wait status are what running the JVM directly would have given
  for (const forwardedSignal of forwarded) {
    process.removeAllListeners(forwardedSignal);
  }
  try {
    process.kill(process.pid, signal);
  } catch (e) {
    // a signal Node cannot raise on itself: the shell's convention for a death by signal
  }
  const number = require('os').constants.signals[signal] || 0;
  setTimeout(() => process.exit(128 + number), 100);
});
