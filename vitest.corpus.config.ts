import { defineConfig } from 'vitest/config';

// The corpus suite: tests against real-world material outside the repository (see test/corpus/root.ts).
export default defineConfig({
  define: { __NPA_VERSION__: JSON.stringify('0.0.0-test'), __NPA_BUILD_ID__: JSON.stringify('test') },
  test: {
    setupFiles: ['test/setup.ts'],
    include: ['test/corpus/**/*.test.ts'],
    testTimeout: 120000,
    hookTimeout: 120000,
  },
});
