/** An alerter bundle entry (`apps/alerter/dist/index.mjs` or `watchdog.mjs`) is missing at synth time. */
export class AlerterBundleMissingError extends Error {
  readonly bundleDir: string;

  constructor(bundleDir: string, entry = 'index.mjs', options?: ErrorOptions) {
    super(
      `The alerter bundle is missing: expected ${bundleDir}/${entry} exporting \`handler\`. Run \`pnpm build\` at the repository root first (pnpm synth does).`,
      options,
    );
    this.name = 'AlerterBundleMissingError';
    this.bundleDir = bundleDir;
  }
}

/** A route names a detection id the catalogue does not have. */
export class UnknownDetectionError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UnknownDetectionError';
  }
}
