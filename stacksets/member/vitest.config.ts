import { defineProject } from 'vitest/config';

export default defineProject({
  // Synthesizing with aws-cdk-lib takes seconds on a shared machine.
  test: { name: 'member', include: ['test/**/*.test.ts'], hookTimeout: 60_000 },
});
