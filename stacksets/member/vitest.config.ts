import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'member', include: ['test/**/*.test.ts'] },
});
