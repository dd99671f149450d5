import { defineConfig } from 'vitest/config';

export default defineConfig({
  define: { __NPA_VERSION__: JSON.stringify('0.0.0-test'), __NPA_BUILD_ID__: JSON.stringify('test') },
  test: {
    setupFiles: ['test/setup.ts'],
    include: ['test/**/*.test.ts'],
    exclude: ['test/corpus/**', 'node_modules/**'],
    testTimeout: 20000,
  },
});
