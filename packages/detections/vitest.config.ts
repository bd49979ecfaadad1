import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'detections', include: ['test/**/*.test.ts'] },
});
