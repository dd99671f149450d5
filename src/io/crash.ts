// Test hook for the crash tests of issue 10 §2: NPA_TEST_CRASH_AFTER=STEP kills the process with SIGKILL
// (no exit handlers, no flushing: as `kill -9` would) when it reaches the named step of a save. Steps:
// locked, journal-temp, journal, apply-1, apply-2, ..., applied, cleared. Unset, it does nothing.
export function crashPoint(step: string): void {
  if (process.env.NPA_TEST_CRASH_AFTER === step) process.kill(process.pid, 'SIGKILL');
}
