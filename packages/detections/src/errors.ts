/** A detection that cannot be used: invalid pattern, duplicate or malformed id. */
export class InvalidDetectionError extends Error {
  /** The offending detection's id (as given). */
  readonly detectionId: string;

  constructor(detectionId: string, message: string, options?: { cause?: unknown }) {
    super(`detection '${detectionId}': ${message}`, options);
    this.name = 'InvalidDetectionError';
    this.detectionId = detectionId;
  }
}
