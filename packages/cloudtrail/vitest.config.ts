import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'cloudtrail', include: ['test/**/*.test.ts'] },
});
