import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      'apps/*/vitest.config.ts',
      'packages/*/vitest.config.ts',
      'stacksets/*/vitest.config.ts',
      'test/vitest.config.ts',
    ],
  },
});
