import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'alerter', include: ['test/**/*.test.ts'] },
});
