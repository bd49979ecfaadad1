import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'event-pattern', include: ['test/**/*.test.ts'] },
});
